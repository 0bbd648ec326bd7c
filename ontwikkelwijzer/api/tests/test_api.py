import pytest

pytestmark = pytest.mark.django_db


class FrameworkEndpointTests:
    def test_it_returns_the_whole_framework_in_the_agreed_shape(self, client, framework):
        data = client.get("/api/v1/framework").json()
        assert data["framework"]["id"] == "bgd" and data["framework"]["version"] == "2026-04"
        assert data["framework"]["title"]
        assert [a["code"] for a in data["aspects"]] == ["competence", "identity", "workfield"]
        assert [c["code"] for c in data["categories"]] == ["practice", "expertise", "development"]
        assert len(data["activities"]) == 34
        first = data["activities"][0]
        assert set(first) >= {"code", "name", "category", "learning", "contributions", "sources"}
        assert set(first["contributions"]) == {"competence", "identity", "workfield"}
        docentstage = next(a for a in data["activities"] if a["code"] == "docentstage")
        assert docentstage["learning"] == ["formal"]
        assert docentstage["contributions"]["identity"] is None

    def test_an_unknown_version_is_a_404(self, client, framework):
        response = client.get("/api/v1/framework", {"version": "1999-01"})
        assert response.status_code == 404 and "detail" in response.json()


class ActivitiesEndpointTests:
    def codes(self, client, **params) -> list[str]:
        return [a["code"] for a in client.get("/api/v1/activities", params).json()["activities"]]

    def test_it_filters_like_the_catalogue(self, client, framework):
        assert len(self.codes(client)) == 34
        assert "co-assessment" in self.codes(client, q="beoordelen")
        both = self.codes(client, learning="formal")
        assert "coaching-intervisie" in both and "coaching-intervisie" in self.codes(
            client, learning="informal"
        )
        combined = self.codes(client, q="stage", aspect="identity", category="practice", learning="informal")
        assert combined and all(code in self.codes(client, aspect="identity") for code in combined)

    def test_it_lists_what_it_ignored(self, client, framework):
        data = client.get("/api/v1/activities", {"aspect": "nonsense", "x": "1"}).json()
        assert len(data["activities"]) == 34
        assert len(data["ignored"]) == 2

    def test_the_openapi_document_describes_both_endpoints(self, client, framework):
        spec = client.get("/api/v1/openapi.json").json()
        assert spec["openapi"].startswith("3.")
        assert {"/api/v1/framework", "/api/v1/activities"} <= set(spec["paths"])
