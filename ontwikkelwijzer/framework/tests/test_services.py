from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from ontwikkelwijzer.framework.models import Activity, Contribution, Framework
from ontwikkelwijzer.framework.services import framework_load

pytestmark = pytest.mark.django_db


def contribution(framework, code: str, aspect: str) -> str | None:
    found = Contribution.objects.filter(
        activity__framework=framework, activity__code=code, aspect__code=aspect
    ).first()
    return found.text if found else None


class FrameworkLoadTests:
    def test_it_loads_all_34_activities_with_their_cells(self, framework):
        assert framework.activities.count() == 34
        counts = {c.code: c.activities.count() for c in framework.categories.all()}
        assert counts == {"practice": 12, "expertise": 12, "development": 10}
        assert contribution(framework, "docentstage", "identity") is None
        assert contribution(framework, "docentstage", "workfield") == "Verdieping contact met werkveldpartner"
        assert contribution(framework, "werkveldcommissie", "competence") is None
        assert (
            contribution(framework, "werkveldcommissie", "workfield")
            == "Structureel overleg- en adviesorgaan"
        )
        assert contribution(framework, "training-weerstand", "competence") is None

    def test_it_keeps_the_learning_modes(self, framework):
        both = set(
            Activity.objects.filter(framework=framework, informal=True, formal=True).values_list(
                "code", flat=True
            )
        )
        assert both == {"presentaties-collegas", "coaching-intervisie"}
        assert Activity.objects.get(framework=framework, code="docentstage").learning == ["formal"]

    def test_it_keeps_the_appendix_and_corrections(self, framework):
        content = framework.content
        labels = [
            m["label"] for row in content["phase1_overview"]["rows"] for m in row["formal"] + row["informal"]
        ]
        assert any("alumni" in label for label in labels)
        assert any("manifest" in label.lower() for label in labels)
        assert any("PDG" in label for label in labels)
        assert {s.code for s in framework.sources.all()} >= {"andersson2018", "hagedoorn2025", "zhou2022"}
        assert any("beroesparkers" in c["original"] for c in content["corrections"])
        assert len(content["audiences"]) == 5

    def test_it_is_idempotent(self, framework):
        pks = sorted(framework.activities.values_list("pk", flat=True))
        result = framework_load(path=settings.FRAMEWORK_FILE)
        assert not result.changed
        assert sorted(result.framework.activities.values_list("pk", flat=True)) == pks
        assert Framework.objects.count() == 1

    def test_it_adds_a_new_version_beside_the_old_one(self, framework, tmp_path):
        data = yaml.safe_load(Path(settings.FRAMEWORK_FILE).read_text(encoding="utf-8"))
        data["framework"]["version"] = "2027-04"
        data["activities"][0]["name"] = "Werken in een bedrijf (nieuw)"
        path = tmp_path / "bgd-2027-04.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        old_name = framework.activities.get(code="werken-in-bedrijf").name
        result = framework_load(path=path)
        assert result.created
        assert Framework.objects.count() == 2
        assert framework.activities.get(code="werken-in-bedrijf").name == old_name
        assert (
            result.framework.activities.get(code="werken-in-bedrijf").name == "Werken in een bedrijf (nieuw)"
        )

    def test_the_command_reports_a_refused_file(self, tmp_path):
        path = tmp_path / "bad.yaml"
        path.write_text("framework: [", encoding="utf-8")
        with pytest.raises(CommandError, match="bad.yaml"):
            call_command("load_framework", str(path))
