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


class RecommendationsEndpointTests:
    def post(self, client, body):
        return client.post("/api/v1/recommendations", body, content_type="application/json")

    def test_it_returns_a_balanced_mix_for_the_weakest_aspect(self, client, framework):
        response = self.post(
            client,
            {"scores": {"competence": 4, "identity": 1, "workfield": 4}, "preferences": {"learning": "any"}},
        )
        items = response.json()["items"]
        assert response.status_code == 200 and len(items) == 5
        assert "identity" in items[0]["aspects"]
        assert sum("identity" in item["aspects"] for item in items) > len(items) / 2
        assert {mode for item in items for mode in item["learning"]} == {"informal", "formal"}
        assert all(item["reason"] for item in items)

    def test_it_honours_preferences(self, client, framework):
        body = {
            "scores": {"competence": 2, "identity": 3, "workfield": 2},
            "preferences": {"learning": "formal", "max_items": 3, "exclude": ["docentstage"]},
        }
        items = self.post(client, body).json()["items"]
        assert len(items) == 3
        assert all("formal" in item["learning"] for item in items)
        assert "docentstage" not in [item["activity"] for item in items]
        assert self.post(client, body).json() == {"items": items}  # deterministic

    def test_bad_input_is_a_422_naming_the_field(self, client, framework):
        response = self.post(client, {"scores": {"competence": 9}, "preferences": {"learning": "sometimes"}})
        assert response.status_code == 422
        text = str(response.json()["detail"])
        assert "competence" in text and "learning" in text


class OddInputTests:
    @pytest.mark.parametrize("version", ["\x00", "2026-04\x00", "x" * 300, "٢٠٢٦-٠٤"])
    def test_an_odd_version_is_a_404_not_a_server_error(self, client, framework, version):
        assert client.get("/api/v1/framework", {"version": version}).status_code == 404

    @pytest.mark.parametrize(
        "path", ["/organisatie/uitnodiging/%00/", "/ontwikkelplan/2026-2027%00/ontwikkelplan.pdf"]
    )
    def test_a_nul_byte_in_a_path_is_a_404(self, client, framework, django_user_model, path):
        client.force_login(django_user_model.objects.create_user(email="a@school.nl", password="x"))
        assert client.get(path).status_code == 404


class RecommendationsFromAnswersTests:
    def post(self, client, body):
        return client.post("/api/v1/recommendations", body, content_type="application/json")

    def statements(self, client) -> list[dict]:
        return client.get("/api/v1/framework").json()["scan_statements"]

    def test_the_framework_lists_the_statements_with_their_activities(self, client, framework):
        statements = self.statements(client)
        assert len(statements) == 12
        assert {s["aspect"] for s in statements} == {"competence", "identity", "workfield"}
        beoordeling = next(s for s in statements if s["code"] == "workfield-beoordeling")
        assert beoordeling["activities"] == ["co-assessment", "pool-examinatoren", "training-assessoren"]
        assert beoordeling["text"].startswith("Ik betrek professionals uit het werkveld")

    def test_answers_give_a_mix_traceable_to_the_low_statements(self, client, framework):
        answers = {s["code"]: 4 for s in self.statements(client)}
        answers["workfield-beoordeling"] = 1
        items = self.post(client, {"answers": answers}).json()["items"]
        assert items[0]["aspect"] == "workfield"
        assert "workfield-beoordeling" in items[0]["statements"]
        assert items[0]["activity"] in {"co-assessment", "pool-examinatoren", "training-assessoren"}
        assert len({item["reason"] for item in items}) == len(items)
        other = dict(answers, **{"workfield-beoordeling": 4, "workfield-samen-onderwijs": 1})
        assert self.post(client, {"answers": other}).json()["items"] != items

    def test_a_score_beside_answers_sets_that_aspect(self, client, framework):
        answers = {s["code"]: 4 for s in self.statements(client)}
        items = self.post(client, {"answers": answers, "scores": {"identity": 1}}).json()["items"]
        assert items[0]["aspect"] == "identity"

    @pytest.mark.parametrize(
        ("body", "loc", "message"),
        [
            ({"answers": {"no-such-statement": 3}}, ["answers", "no-such-statement"], "Onbekende stelling"),
            ({"answers": {"workfield-beoordeling": 6}}, ["answers", "workfield-beoordeling"], "hoogstens 5"),
            ({"answers": {"workfield-beoordeling": 0}}, ["answers", "workfield-beoordeling"], "minstens 1"),
            ({"answers": {"workfield-beoordeling": True}}, ["answers", "workfield-beoordeling"], "niet true"),
            (
                {"answers": {"workfield-beoordeling": "vier"}},
                ["answers", "workfield-beoordeling"],
                "geheel getal",
            ),
            ({}, ["answers"], "Geef antwoorden"),
            ({"answers": {}, "scores": {}}, ["answers"], "minstens 1"),
            ({"scores": {}}, ["scores"], "minstens één aspect"),
            ({"scores": {"competence": 9}}, ["scores", "competence"], "hoogstens 5"),
            ({"answers": None}, ["answers"], "Laat het veld weg"),
        ],
    )
    def test_bad_answers_are_a_422_naming_the_field_in_dutch(self, client, framework, body, loc, message):
        """One error per wrong field, its path the field's own (no union branches, no doubled "body")."""
        response = self.post(client, body)
        assert response.status_code == 422
        [error] = response.json()["detail"]
        assert error["loc"] == ["body", *loc]
        assert message in error["msg"]

    def test_scores_all_not_applicable_give_an_empty_mix(self, client, framework):
        response = self.post(client, {"scores": {"competence": None}})
        assert response.status_code == 200 and response.json() == {"items": []}
