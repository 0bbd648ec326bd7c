"""The framework document and the activities are made once per framework snapshot and returned without
django-ninja validating them on every request: they must still be exactly what validating them against
their response schema gives (same keys, values and order), and a changed framework must show at once."""

import pytest
import yaml
from django.conf import settings

from ontwikkelwijzer.api import api as api_module
from ontwikkelwijzer.api.schemas import ActivityListOut, FrameworkOut
from ontwikkelwijzer.framework import selectors
from ontwikkelwijzer.framework.exports import activity_as_dict, framework_as_dict
from ontwikkelwijzer.framework.filters import parse_catalogue_filters
from ontwikkelwijzer.framework.services import framework_load

pytestmark = pytest.mark.django_db


def validated(schema, data: dict) -> str:
    """``data`` the way django-ninja answers when it validates it against ``schema`` (the slow path)."""
    return api_module.api.renderer.render(None, schema.model_validate(data).model_dump(), response_status=200)


class FrameworkDocumentTests:
    def test_it_is_what_validating_it_against_its_schema_gives(self, client, framework):
        response = client.get("/api/v1/framework")
        assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
        assert response.content.decode() == validated(FrameworkOut, framework_as_dict(framework))

    def test_each_statement_lists_its_activities_in_the_framework_order(self, client, framework):
        data = client.get("/api/v1/framework").json()
        expected = {
            s.code: [a.code for a in sorted(s.activities.all(), key=lambda a: a.position)]
            for s in framework.scan_statements.prefetch_related("activities")
        }
        assert {s["code"]: s["activities"] for s in data["scan_statements"]} == expected

    def test_it_is_made_once_per_framework_and_then_costs_no_query(
        self, client, framework, monkeypatch, django_assert_num_queries
    ):
        made = []

        def counted(fw):
            made.append(fw)
            return framework_as_dict(fw)

        monkeypatch.setattr(api_module, "framework_as_dict", counted)
        selectors.framework_snapshot_forget()  # an earlier test may have made this framework's document
        first = client.get("/api/v1/framework").content
        with django_assert_num_queries(0):
            again = client.get("/api/v1/framework").content
        assert client.get("/api/v1/framework", {"version": "2026-04"}).content == first == again
        assert len(made) == 1

    def test_a_changed_framework_shows_at_once(self, client, framework, tmp_path):
        before = client.get("/api/v1/framework").json()
        data = yaml.safe_load(settings.FRAMEWORK_FILE.read_text(encoding="utf-8"))
        data["framework"]["title"] = "Een nieuwe titel"
        data["activities"][0]["name"] = "Een nieuwe naam"
        changed = tmp_path / "changed.yaml"
        changed.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        framework_load(path=changed)
        after = client.get("/api/v1/framework").json()
        assert before["framework"]["title"] != "Een nieuwe titel"
        assert after["framework"]["title"] == "Een nieuwe titel"
        assert after["activities"][0]["name"] == "Een nieuwe naam"
        listed = client.get("/api/v1/activities").json()["activities"]
        assert listed[0]["name"] == "Een nieuwe naam"


class ActivityListTests:
    @pytest.mark.parametrize(
        "params",
        [
            {},
            {"q": "stage"},
            {"q": "beoordelen", "aspect": "competence"},
            {"aspect": "identity", "category": "practice", "learning": "informal"},
            {"workfield": "true"},
            {"workfield": "false", "learning": "formal"},
            {"aspect": "nonsense", "x": "1"},
            {"q": "zzzzqqq"},
        ],
    )
    def test_it_is_what_validating_it_against_its_schema_gives(self, client, framework, params):
        response = client.get("/api/v1/activities", params)
        structure = selectors.framework_structure(framework=framework)
        filters = parse_catalogue_filters(
            {k: [v] for k, v in params.items()},
            aspects=structure.aspect_codes,
            categories=structure.category_codes,
        )
        data = {
            "activities": [
                activity_as_dict(a, structure.aspect_codes)
                for a in selectors.activity_list(framework=framework, filters=filters)
            ],
            "ignored": list(filters.ignored),
        }
        assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
        assert response.content.decode() == validated(ActivityListOut, data)

    def test_no_framework_is_still_a_404(self, client, framework, settings):
        settings.FRAMEWORK_VERSION = "1999-01"  # configured, but not loaded
        for path in ("/api/v1/framework", "/api/v1/activities"):
            response = client.get(path)
            assert response.status_code == 404 and response.json() == {"detail": "Geen kader gevonden."}
