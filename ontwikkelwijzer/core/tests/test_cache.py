from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.cache import cache

from ontwikkelwijzer.framework.services import framework_load

pytestmark = pytest.mark.django_db


class PublicCacheTests:
    def test_a_second_visit_costs_no_query(self, client, framework, django_assert_num_queries):
        first = client.get("/activiteiten/?q=stage")
        with django_assert_num_queries(0):
            second = client.get("/activiteiten/?q=stage")
        assert second.content == first.content
        assert second["Content-Security-Policy"] and second["X-Content-Type-Options"] == "nosniff"

    def test_a_new_framework_version_is_shown_at_once(self, client, framework, tmp_path):
        assert "Werken in een bedrijf (herzien)" not in client.get("/activiteiten/").content.decode()
        data = yaml.safe_load(Path(settings.FRAMEWORK_FILE).read_text(encoding="utf-8"))
        data["framework"]["version"] = "2027-04"
        data["activities"][0]["name"] = "Werken in een bedrijf (herzien)"
        path = tmp_path / "next.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        framework_load(path=path)
        assert "Werken in een bedrijf (herzien)" in client.get("/activiteiten/").content.decode()
        assert client.get("/api/v1/framework").json()["framework"]["version"] == "2027-04"

    def test_each_language_has_its_own_entry(self, client, framework):
        assert '<html lang="nl">' in client.get("/kader/").content.decode()
        client.cookies["django_language"] = "en"
        assert '<html lang="en">' in client.get("/kader/").content.decode()

    def test_visitors_with_a_session_are_not_served_from_the_cache(self, client, framework, monkeypatch):
        client.get("/activiteiten/")
        asked = []
        monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: asked.append(key))
        client.cookies[settings.SESSION_COOKIE_NAME] = "abc"
        assert client.get("/activiteiten/").status_code == 200
        assert not [key for key in asked if key.startswith("page:")]

    def test_errors_are_not_cached(self, client, framework):
        assert client.get("/activiteiten/bestaat-niet/").status_code == 404
        assert client.get("/activiteiten/bestaat-niet/").status_code == 404
