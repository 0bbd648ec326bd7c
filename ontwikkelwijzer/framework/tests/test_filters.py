from hypothesis import given
from hypothesis import strategies as st

from ontwikkelwijzer.framework.filters import parse_catalogue_filters

ASPECTS = ["competence", "identity", "workfield"]
CATEGORIES = ["practice", "expertise", "development"]


def parse(params: dict) -> object:
    return parse_catalogue_filters(params, aspects=ASPECTS, categories=CATEGORIES)


class FilterParsingTests:
    def test_it_reads_known_filters(self):
        f = parse(
            {
                "q": ["  stage  bpv "],
                "aspect": ["identity"],
                "category": ["practice"],
                "learning": ["formal"],
                "workfield": ["1"],
            }
        )
        assert (f.q, f.aspect, f.category, f.learning, f.workfield) == (
            "stage bpv",
            "identity",
            "practice",
            "formal",
            True,
        )
        assert not f.ignored
        assert f.as_params() == {
            "q": "stage bpv",
            "aspect": "identity",
            "category": "practice",
            "learning": "formal",
            "workfield": "1",
        }

    def test_it_names_what_it_ignored(self):
        f = parse(
            {
                "aspect": ["wellbeing"],
                "colour": ["blue"],
                "learning": ["formal", "informal"],
                "workfield": ["maybe"],
            }
        )
        assert f.aspect is None and f.workfield is None
        assert f.learning == "formal"
        text = " ".join(f.ignored)
        assert "wellbeing" in text and "colour" in text and "maybe" in text
        assert len(f.ignored) == 4

    def test_it_cuts_a_long_search(self):
        f = parse({"q": ["stage " * 100]})
        assert len(f.q) <= 200 and f.ignored

    def test_empty_values_mean_no_filter(self):
        f = parse({"q": [""], "aspect": [""], "workfield": [""]})
        assert not f.active and not f.ignored

    @given(st.dictionaries(st.text(max_size=12), st.lists(st.text(max_size=300), max_size=3), max_size=6))
    def test_it_never_fails_and_keeps_only_valid_values(self, params):
        f = parse(params)
        assert f.aspect in (None, *ASPECTS)
        assert f.category in (None, *CATEGORIES)
        assert f.learning in (None, "informal", "formal")
        assert f.workfield in (None, True, False)
        assert len(f.q) <= 200
