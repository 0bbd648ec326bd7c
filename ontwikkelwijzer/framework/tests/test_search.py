import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.framework.filters import CatalogueFilters
from ontwikkelwijzer.framework.search import Index, Query, index_text, parse_query, score, words
from ontwikkelwijzer.framework.selectors import activity_list, search_suggestion


def matches(query: str, text: str) -> bool:
    return score(parse_query(query), "", index_text([text])) > 0


class StemmingTests:
    @pytest.mark.parametrize(
        ("query", "text"),
        [
            ("stages", "Begeleiding van stage"),
            ("stage", "Structurele stagepartnerschappen"),
            ("beoordelen", "realistische beoordeling"),
            ("beoordeling", "studenten beoordelen"),
            ("identiteit", "professionele identiteitsontwikkeling"),
            ("bedrijf", "bezoeken aan bedrijven"),
            ("reflecties", "reflectie tijdens het werk"),
            ("creeert", "Creëert gezamenlijke werkveldtaal"),
        ],
    )
    def test_it_finds_word_forms_and_first_parts(self, query, text):
        assert matches(query, text)

    def test_it_does_not_match_unrelated_words(self):
        assert not matches("identiteit", "beoordeling van stages")
        assert not matches("stage", "instagram")

    def test_it_needs_every_term(self):
        assert matches("stage beoordeling", "beoordeling tijdens de stage")
        assert not matches("stage zwemmen", "beoordeling tijdens de stage")

    def test_it_ignores_stop_words_and_punctuation(self):
        assert words("de stage, van het bedrijf!") == words("stage bedrijf")
        assert not parse_query("de het een")


@pytest.mark.django_db
class CatalogueSearchTests:
    def codes(self, framework, **filters) -> list[str]:
        return [a.code for a in activity_list(framework=framework, filters=CatalogueFilters(**filters))]

    def test_it_finds_activities_by_word_forms(self, framework):
        assert "stagebegeleiding" in self.codes(framework, q="stages")
        assert "co-assessment" in self.codes(framework, q="beoordelen")
        identity = self.codes(framework, q="identiteit")
        assert "visieontwikkeling-identiteit" in identity and "co-design" in identity

    def test_it_ranks_a_name_match_first(self, framework):
        assert self.codes(framework, q="docentstage")[0] == "docentstage"
        assert self.codes(framework, q="co-teaching")[0] == "co-teaching"

    def test_it_combines_search_and_filters(self, framework):
        found = self.codes(framework, q="beoordeling", category="practice", learning="informal")
        assert found and "co-assessment" in found
        assert "training-assessoren" not in found  # formal

    def test_an_activity_both_informal_and_formal_matches_either_filter(self, framework):
        assert "coaching-intervisie" in self.codes(framework, learning="informal")
        assert "coaching-intervisie" in self.codes(framework, learning="formal")

    def test_the_workfield_filter(self, framework):
        with_field = self.codes(framework, workfield=True)
        without = self.codes(framework, workfield=False)
        assert "docentstage" in with_field and "vakliteratuur" in without
        assert not set(with_field) & set(without)
        assert len(with_field) + len(without) == 34

    def test_the_aspect_filter_keeps_only_contributors(self, framework):
        found = self.codes(framework, aspect="identity")
        assert "visieontwikkeling-identiteit" in found and "werkveldcommissie" not in found


# Words from a few syllables, so that documents share words and words start with one another.
stored_words = st.lists(
    st.sampled_from(["sta", "ge", "be", "oor", "del", "iden", "titeit", "werk"]), min_size=1, max_size=4
).map("".join)
stored_text = st.lists(stored_words, max_size=8).map(" ".join)


class IndexTests:
    @settings(max_examples=200, deadline=None)
    @given(
        documents=st.lists(st.tuples(stored_text, stored_text), max_size=12),
        terms=st.lists(stored_words, min_size=1, max_size=3, unique=True),
    )
    def test_it_scores_every_document_as_score_scores_one(self, documents, terms):
        query = Query(tuple(terms))
        vocabulary = frozenset(word for name, body in documents for word in f"{name} {body}".split())

        assert Index(documents).scores(query) == [
            score(query, name, body, vocabulary) for name, body in documents
        ]


@pytest.mark.django_db
class DutchSearchTests:
    """Searching as Dutch users type (issue #14): compounds in both directions, typos, the names of the
    aspects and categories, and the kinds of offer the work field makes."""

    def codes(self, framework, q: str) -> list[str]:
        return [a.code for a in activity_list(framework=framework, filters=CatalogueFilters(q=q))]

    @pytest.mark.parametrize("q", ["stage", "stages", "Stage"])
    def test_a_word_finds_the_compounds_it_ends(self, framework, q):
        assert {"docentstage", "stagebegeleiding"} <= set(self.codes(framework, q))

    def test_a_compound_finds_what_its_last_part_finds(self, framework):
        part = set(self.codes(framework, "identiteit"))
        assert set(self.codes(framework, "beroepsidentiteit")) == part
        assert len(part) > 7 and "visieontwikkeling-identiteit" in part

    def test_a_part_inside_a_compound_is_found_from_five_letters(self):
        assert matches("identiteit", "beroepsidentiteitsontwikkeling")
        assert not matches("stag", "instagram") and matches("stage", "docentstage")

    def test_a_hyphenated_word_is_found_typed_together_or_apart(self, framework):
        assert self.codes(framework, "coteaching")[0] == "co-teaching"
        assert self.codes(framework, "co teaching")[0] == "co-teaching"

    @pytest.mark.parametrize(
        ("q", "code"),
        [
            ("gastles", "co-teaching"),
            ("werkbezoek", "werkbezoeken"),
            ("examinatorenpool", "pool-examinatoren"),
        ],
    )
    def test_the_kinds_of_offer_find_their_activity(self, framework, q, code):
        assert self.codes(framework, q)[0] == code

    def test_aspect_and_category_names_are_searched(self, framework):
        assert "co-design" in self.codes(framework, "beroepsbekwaamheid onderwijsontwikkeling")
        practice = self.codes(framework, "beroepspraktijk")
        assert "docentstage" in practice and "vakliteratuur" not in practice

    @pytest.mark.parametrize(
        ("typed", "meant"),
        [("stagge", "stages"), ("identitiet", "identiteit"), ("reflecteren", "reflecties")],
    )
    def test_a_typo_finds_nothing_but_gets_a_suggestion_that_finds_something(self, framework, typed, meant):
        assert self.codes(framework, typed) == []
        suggestion = search_suggestion(framework=framework, text=typed)
        assert suggestion == meant and self.codes(framework, suggestion)

    def test_only_the_word_that_finds_nothing_is_replaced(self, framework):
        assert (
            search_suggestion(framework=framework, text="docentstage identitiet") == "docentstage identiteit"
        )
        assert search_suggestion(framework=framework, text="docentstage") is None
        assert search_suggestion(framework=framework, text="qqqqqqqq") is None


@pytest.mark.django_db
class CatalogueSearchPageTests:
    def test_a_typo_shows_did_you_mean_with_a_link_that_keeps_the_filters(self, client, framework):
        html = client.get("/activiteiten/", {"q": "identitiet", "learning": "formal"}).content.decode()
        assert "Bedoelde je" in html
        assert 'href="/activiteiten/?q=identiteit&amp;learning=formal" class="suggestion"' in html

    @pytest.mark.parametrize("q", ["!!!", "?", "…", "x" * 500])
    def test_punctuation_or_a_very_long_text_answers_with_a_message(self, client, framework, q):
        response = client.get("/activiteiten/", {"q": q})
        assert response.status_code == 200
        html = response.content.decode()
        assert "geen woorden om op te zoeken" in html or "ingekort" in html or "Geen activiteit" in html
