"""The recommendation engine: unit tests per rule and hypothesis properties (no database needed)."""

from collections.abc import Mapping, Sequence
from itertools import combinations, product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.scan.recommend import (
    Candidate,
    Preferences,
    Recommendation,
    clearly_weakest,
    growth_aspects,
    recommend,
)

ASPECTS = ["competence", "identity", "workfield"]
CATEGORIES = ["practice", "expertise", "development"]
BOTH = frozenset({"informal", "formal"})
INF, FOR = frozenset({"informal"}), frozenset({"formal"})
C, ID, W = "competence", "identity", "workfield"
ALL = frozenset(ASPECTS)

type Scores = Mapping[str, int | None]


def candidate(
    code: str, category: str, aspects: set[str], learning: frozenset[str], hours: int = 8, position: int = 0
) -> Candidate:
    return Candidate(code, code.title(), category, frozenset(aspects), learning, hours, position)


def catalogue(*rows: tuple) -> list[Candidate]:
    return [candidate(*row, position=i) for i, row in enumerate(rows)]


# A realistic catalogue after the framework: 12 practice, 12 expertise, 10 development activities.
REAL = catalogue(
    ("werken-in-bedrijf", "practice", ALL, INF, 40),
    ("docentstage", "practice", {C, W}, FOR, 40),
    ("werkbezoeken", "practice", ALL, INF, 8),
    ("stagebegeleiding", "practice", ALL, INF, 20),
    ("co-assessment", "practice", {C, W}, INF, 6),
    ("overleg-beroepsprofessionals", "practice", ALL, INF, 4),
    ("werkveldcommissie", "practice", {W}, INF, 10),
    ("pool-examinatoren", "practice", {C, W}, INF, 8),
    ("curriculum-met-werkveld", "practice", ALL, INF, 24),
    ("bedrijvenpoule", "practice", {W}, INF, 6),
    ("arbeidsmarktconferenties", "practice", ALL, FOR, 8),
    ("training-assessoren", "practice", ALL, FOR, 12),
    ("vakliteratuur", "expertise", ALL, INF, 6),
    ("presentaties-collegas", "expertise", {C}, BOTH, 4),
    ("experimenteren-ai-tools", "expertise", ALL, INF, 8),
    ("studentinterviews", "expertise", {C}, INF, 4),
    ("online-tutorials", "expertise", ALL, INF, 6),
    ("teamplan-pdca", "expertise", ALL, FOR, 6),
    ("branche-activiteiten", "expertise", ALL, FOR, 16),
    ("formele-opleidingen", "expertise", ALL, FOR, 40),
    ("training-digitale-innovaties", "expertise", ALL, FOR, 12),
    ("training-zelfregulerend-leren", "expertise", {C}, FOR, 12),
    ("training-weerstand", "expertise", {ID}, FOR, 8),
    ("beroepsconferenties", "expertise", ALL, FOR, 8),
    ("co-teaching", "development", ALL, INF, 20),
    ("co-design", "development", ALL, INF, 16),
    ("nieuwe-programmas", "development", ALL, INF, 40),
    ("toetsing-rubrics", "development", {C}, INF, 12),
    ("micro-experimenten", "development", {C, ID}, INF, 6),
    ("visieontwikkeling-identiteit", "development", {ID}, INF, 8),
    ("experimenteren-lesvormen", "development", ALL, INF, 8),
    ("coaching-intervisie", "development", ALL, BOTH, 10),
    ("plg", "development", {C, W}, FOR, 20),
    ("samenwerkingsprojecten", "development", ALL, INF, 24),
)
BY_CODE = {c.code: c for c in REAL}
NAMES = {C: "Beroepsbekwaamheid", ID: "Beroepsidentiteit", W: "Samenwerking werkveld"}


def codes(result: list[Recommendation]) -> list[str]:
    return [r.code for r in result]


def learning_union(result: list[Recommendation]) -> set[str]:
    return {mode for r in result for mode in r.learning}


# -- oracles: what the rules ask for, computed directly from the input ------------------------------


def eligible(candidates: list[Candidate], scores: Scores, prefs: Preferences) -> list[Candidate]:
    growth = set(growth_aspects(scores))
    return [
        c
        for c in candidates
        if c.code not in prefs.exclude
        and c.aspects & growth
        and (prefs.learning == "any" or prefs.learning in c.learning)
        and (prefs.hours_available is None or c.hours <= prefs.hours_available)
    ]


def hours_left(result: list[Recommendation], prefs: Preferences) -> float:
    spent = sum(r.hours for r in result)
    return float("inf") if prefs.hours_available is None else prefs.hours_available - spent


def weakest_quota(n: int, pool: list[Candidate], scores: Scores) -> int:
    """Owed to the weakest aspect: a majority of n if clearly weakest, else the first; as far as possible."""
    weakest = growth_aspects(scores)[0]
    wanted = n // 2 + 1 if clearly_weakest(scores) else 1
    return min(wanted, sum(weakest in c.aspects for c in pool))


def mixed(items: Sequence[Candidate], modes: bool, categories: bool) -> bool:
    return (not modes or set().union(*(c.learning for c in items)) == BOTH) and (
        not categories or len({c.category for c in items}) > 1
    )


def mix_possible(pool: list[Candidate], n: int, scores: Scores, modes: bool, categories: bool) -> bool:
    """Some pair in the pool gives the mix and leaves enough of the n places for the weakest aspect."""
    weakest, quota = growth_aspects(scores)[0], weakest_quota(n, pool, scores)
    return any(
        mixed(pair, modes, categories) and n - sum(weakest not in c.aspects for c in pair) >= quota
        for pair in combinations(pool, 2)
    )


def mix_possible_brute(pool: list[Candidate], n: int, scores: Scores, modes: bool, categories: bool) -> bool:
    weakest, quota = growth_aspects(scores)[0], weakest_quota(n, pool, scores)
    return any(
        mixed(items, modes, categories) and sum(weakest in c.aspects for c in items) >= quota
        for items in combinations(pool, n)
    )


def budget_binds(pool: list[Candidate], prefs: Preferences) -> bool:
    """Could the hours available ever stop a pick? Not when the most expensive possible set fits."""
    if prefs.hours_available is None:
        return False
    n = min(prefs.max_items, len(pool))
    return sum(sorted(c.hours for c in pool)[len(pool) - n :]) > prefs.hours_available


def starts_with_weakest(
    candidates: list[Candidate], scores: Scores, prefs: Preferences, result: list[Recommendation]
) -> bool:
    """Rule 4a: the first item serves the weakest growth aspect whenever an eligible candidate does."""
    growth = growth_aspects(scores)
    if not growth or not any(growth[0] in c.aspects for c in eligible(candidates, scores, prefs)):
        return True
    return bool(result) and result[0].aspects[0] == growth[0]


def weakest_gets_majority(
    candidates: list[Candidate], scores: Scores, prefs: Preferences, result: list[Recommendation]
) -> bool:
    """Rule 4b: more than half serve a clearly weakest aspect, or none serving it is left out that fits."""
    focus = clearly_weakest(scores)
    if focus is None or not result:
        return True
    left = hours_left(result, prefs)
    left_out = [
        c
        for c in eligible(candidates, scores, prefs)
        if focus in c.aspects and c.code not in codes(result) and c.hours <= left
    ]
    return sum(focus in r.aspects for r in result) >= len(result) // 2 + 1 or not left_out


def mixed_when_possible(
    candidates: list[Candidate], scores: Scores, prefs: Preferences, result: list[Recommendation]
) -> bool:
    """Rule 5 without a preference: both learning modes and several categories, as far as rule 4 allows.

    Checked when the hours available cannot bind; a mix of modes goes before a mix of categories.
    """
    pool, n = eligible(candidates, scores, prefs), len(result)
    if prefs.learning != "any" or n < 2 or budget_binds(pool, prefs):
        return True
    found = [c for c in pool if c.code in codes(result)]
    for modes, categories in ((True, True), (True, False), (False, True)):
        if mix_possible(pool, n, scores, modes, categories):
            return mixed(found, modes, categories)
    return True


def filled_up(
    candidates: list[Candidate], scores: Scores, prefs: Preferences, result: list[Recommendation]
) -> bool:
    """Rule 7: max_items, or no eligible candidate left that still fits the hours."""
    left = hours_left(result, prefs)
    rest = [c for c in eligible(candidates, scores, prefs) if c.code not in codes(result) and c.hours <= left]
    return len(result) == prefs.max_items or not rest


# -- strategies ---------------------------------------------------------------------------------------

nonempty_aspects = st.sets(st.sampled_from(ASPECTS), min_size=1).map(frozenset)
nonempty_learning = st.sampled_from([INF, FOR, BOTH])
score = st.one_of(st.none(), st.integers(1, 5))


@st.composite
def scores_strategy(draw: st.DrawFn) -> dict[str, int | None]:
    """Random scores; half of the time with a clearly weakest aspect, where most rules meet."""
    order = draw(st.permutations(ASPECTS))
    if draw(st.booleans()):
        return {aspect: draw(score) for aspect in order}
    low = draw(st.integers(1, 3))
    higher = st.integers(low + 2, 5)
    scores = [(order[0], low), (order[1], draw(higher)), (order[2], draw(st.none() | higher))]
    return dict(draw(st.permutations(scores)))


@st.composite
def preferences_strategy(draw: st.DrawFn, codes: list[str]) -> Preferences:
    return Preferences(
        learning=draw(st.sampled_from(["any", "any", "informal", "formal"])),
        max_items=draw(st.integers(1, 10)),
        exclude=frozenset(draw(st.sets(st.sampled_from(codes)))),
        hours_available=draw(st.one_of(st.none(), st.integers(0, 200))),
    )


@st.composite
def catalogue_strategy(draw: st.DrawFn, kind: st.SearchStrategy, kinds: int, size: int) -> list[Candidate]:
    """Unique codes, shuffled positions, every drawn kind (category, aspects, learning) at least once."""
    palette = draw(st.lists(kind, min_size=min(2, kinds), max_size=kinds))
    more = draw(
        st.lists(st.sampled_from(palette), min_size=max(0, 5 - len(palette)), max_size=size - len(palette))
    )
    rows = palette + more
    positions = draw(st.permutations(range(len(rows))))
    hours = draw(st.lists(st.integers(1, 40), min_size=len(rows), max_size=len(rows)))
    return [
        Candidate(f"a{i}", f"Activity {i}", category, aspects, learning, hours[i], positions[i])
        for i, (category, aspects, learning) in enumerate(rows)
    ]


@st.composite
def random_cases(draw: st.DrawFn) -> tuple[list[Candidate], dict[str, int | None], Preferences]:
    """5-60 random candidates, often lopsided (drawn from a few kinds), random scores and preferences."""
    kind = st.tuples(st.sampled_from(CATEGORIES), nonempty_aspects, nonempty_learning)
    candidates = draw(catalogue_strategy(kind, kinds=draw(st.sampled_from([3, 6, 30])), size=60))
    return candidates, draw(scores_strategy()), draw(preferences_strategy([c.code for c in candidates]))


@st.composite
def tight_cases(draw: st.DrawFn) -> tuple[list[Candidate], dict[str, int | None], Preferences]:
    """Where the rules compete: a clearly weakest aspect, 5-8 candidates of two to four kinds over two
    categories and two growth aspects, a few items of any learning mode and no hours limit."""
    weak, other, third = draw(st.permutations(ASPECTS))
    low = draw(st.integers(1, 2))
    scores = [(weak, low), (other, draw(st.integers(low + 2, 4))), (third, draw(st.none() | st.just(5)))]
    aspects = st.sampled_from([{weak}, {other}, {weak, other}]).map(frozenset)
    kind = st.tuples(st.sampled_from(CATEGORIES[:2]), aspects, nonempty_learning)
    candidates = draw(catalogue_strategy(kind, kinds=4, size=8))
    return candidates, dict(draw(st.permutations(scores))), Preferences(max_items=draw(st.integers(2, 4)))


@st.composite
def real_cases(draw: st.DrawFn) -> tuple[list[Candidate], dict[str, int | None], Preferences]:
    return list(REAL), draw(scores_strategy()), draw(preferences_strategy(list(BY_CODE)))


cases = st.one_of(random_cases(), tight_cases(), real_cases())
properties = settings(max_examples=200, deadline=None)


# -- unit tests ---------------------------------------------------------------------------------------


class GrowthAspectsTests:
    def test_it_orders_weakest_first_and_keeps_the_given_order_on_ties(self):
        assert growth_aspects({W: 3, C: 2, ID: 3}) == [C, W, ID]
        assert growth_aspects({ID: 3, C: 2, W: 3}) == [C, ID, W]

    def test_it_leaves_out_the_top_score_and_not_applicable(self):
        assert growth_aspects({C: 5, ID: None, W: 4}) == [W]
        assert growth_aspects({C: 5, ID: None, W: 5}) == []


class ClearlyWeakestTests:
    def test_it_needs_two_points_below_every_other_aspect(self):
        assert clearly_weakest({C: 4, ID: 1, W: 4}) == ID
        assert clearly_weakest({C: 3, ID: 1, W: 5}) == ID
        assert clearly_weakest({C: 2, ID: 1, W: 5}) is None

    def test_it_ignores_not_applicable_and_needs_two_scored_aspects(self):
        assert clearly_weakest({C: None, ID: 1, W: 3}) == ID
        assert clearly_weakest({C: None, ID: 1, W: None}) is None
        assert clearly_weakest({C: 2, ID: 2, W: 5}) is None


class RecommendTests:
    small = catalogue(
        ("c-informal", "practice", {C}, INF),
        ("c-formal", "expertise", {C}, FOR),
        ("i-informal", "practice", {ID}, INF),
        ("i-informal-2", "practice", {ID}, INF),
        ("i-formal", "development", {ID}, FOR),
        ("w-both", "development", {W}, BOTH),
        ("ciw-informal", "practice", {C, ID, W}, INF),
    )

    def test_it_recommends_nothing_without_a_growth_aspect(self):
        assert recommend(self.small, {C: 5, ID: 5, W: None}, Preferences()) == []
        assert recommend(REAL, {C: 5, ID: 5, W: 5}, Preferences()) == []

    def test_it_only_recommends_for_growth_aspects(self):
        result = recommend(self.small, {C: 5, ID: 3, W: 5}, Preferences(max_items=10))
        assert set(codes(result)) == {"i-informal", "i-informal-2", "i-formal", "ciw-informal"}
        assert all(r.aspects == (ID,) for r in result)

    def test_it_starts_with_the_weakest_aspect_even_when_another_looks_better(self):
        rows = catalogue(
            ("identity-and-workfield", "expertise", {ID, W}, BOTH),
            ("competence-only", "practice", {C}, INF, 20),
        )
        result = recommend(rows, {C: 3, ID: 4, W: 4}, Preferences(max_items=1))
        assert codes(result) == ["competence-only"]
        assert result[0].aspects == (C,)

    def test_it_gives_a_clearly_weakest_aspect_more_than_half(self):
        result = recommend(self.small, {C: 4, ID: 1, W: 4}, Preferences(max_items=5))
        assert len(result) == 5
        assert ID in result[0].aspects
        assert sum(ID in r.aspects for r in result) >= 3

    def test_it_keeps_the_majority_even_when_variety_tempts(self):
        rows = catalogue(
            *[(f"identity-{k}", "practice", {ID}, INF) for k in range(3)],
            *[(f"competence-{k}", "expertise", {C}, FOR) for k in range(3)],
        )
        scores = {C: 3, ID: 1, W: 5}
        assert codes(recommend(rows, scores, Preferences(max_items=2))) == ["identity-0", "identity-1"]
        four = recommend(rows, scores, Preferences(max_items=4))
        assert sum(ID in r.aspects for r in four) == 3 and learning_union(four) == BOTH

    def test_it_includes_all_it_can_for_a_clearly_weakest_aspect_before_others(self):
        rows = catalogue(
            ("w1", "practice", {W}, INF),
            ("w2", "expertise", {W}, FOR),
            ("w3", "development", {W}, INF),
            ("c1", "practice", {C}, FOR),
            ("only-identity", "development", {ID}, INF),
        )
        result = recommend(rows, {C: 4, ID: 1, W: 4}, Preferences(max_items=4))
        assert codes(result)[0] == "only-identity" and len(result) == 4

    def test_it_keeps_to_a_learning_preference(self):
        informal = recommend(self.small, {C: 2, ID: 2, W: 2}, Preferences(learning="informal", max_items=10))
        formal = recommend(self.small, {C: 2, ID: 2, W: 2}, Preferences(learning="formal", max_items=10))
        assert all("informal" in r.learning for r in informal) and len(informal) == 5
        assert all("formal" in r.learning for r in formal) and len(formal) == 3

    def test_it_mixes_learning_modes_and_categories_without_a_preference(self):
        rows = catalogue(
            ("a", "practice", {ID}, INF, 1),
            ("b", "practice", {ID}, INF, 1),
            ("c", "practice", {ID}, INF, 1),
            ("formal-elsewhere", "expertise", {C}, FOR, 40),
        )
        result = recommend(rows, {C: 4, ID: 1, W: None}, Preferences(max_items=3))
        assert learning_union(result) == BOTH
        assert len({r.category for r in result}) == 2
        assert codes(result)[0] != "formal-elsewhere"

    def test_it_finds_the_one_complementary_pair_when_both_places_are_owed(self):
        rows = catalogue(
            ("best-first", "practice", {ID, C}, INF, 1),
            ("other-category", "expertise", {ID}, INF),
            ("formal-same-category", "practice", {ID}, FOR),
        )
        result = recommend(rows, {C: 4, ID: 1, W: 5}, Preferences(max_items=2))
        assert set(codes(result)) == {"other-category", "formal-same-category"}

    def test_it_skips_what_does_not_fit_the_hours_and_adds_smaller_ones(self):
        rows = catalogue(
            ("big", "practice", {ID}, INF, 30),
            ("medium", "expertise", {ID}, FOR, 15),
            ("small", "development", {ID}, INF, 4),
            ("tiny", "practice", {ID}, FOR, 2),
        )
        result = recommend(rows, {C: 5, ID: 2, W: 5}, Preferences(hours_available=21))
        assert "big" not in codes(result)
        assert sum(r.hours for r in result) <= 21
        assert set(codes(result)) == {"medium", "small", "tiny"}
        assert recommend(rows, {C: 5, ID: 2, W: 5}, Preferences(hours_available=1)) == []

    def test_it_leaves_out_excluded_activities_and_fills_up(self):
        result = recommend(REAL, {C: 3, ID: 3, W: 3}, Preferences(max_items=10, exclude=frozenset(BY_CODE)))
        assert result == []
        exclude = frozenset(list(BY_CODE)[:30])
        result = recommend(REAL, {C: 3, ID: 3, W: 3}, Preferences(max_items=10, exclude=exclude))
        assert set(codes(result)) == set(list(BY_CODE)[30:])

    def test_it_does_not_depend_on_the_order_of_the_candidates(self):
        scores = {C: 2, ID: 3, W: 4}
        assert recommend(REAL, scores, Preferences()) == recommend(REAL[::-1], scores, Preferences())

    def test_it_gives_a_reason_with_the_aspect_names(self):
        result = recommend(REAL, {C: 4, ID: 1, W: 3}, Preferences(), aspect_names=NAMES)
        for r in result:
            assert r.reason.strip()
            assert all(NAMES[a] in r.reason for a in r.aspects)
        assert len({r.reason for r in result}) > 1
        plain = recommend(REAL, {C: 4, ID: 1, W: 3}, Preferences())
        assert all(a in r.reason for r in plain for a in r.aspects)

    def test_it_describes_the_candidate(self):
        result = recommend(self.small, {C: 5, ID: 5, W: 1}, Preferences())
        assert codes(result) == ["w-both", "ciw-informal"]
        assert result[0] == Recommendation(
            "w-both", (W,), ("formal", "informal"), "development", 8, result[0].reason
        )

    @pytest.mark.parametrize(
        "kwargs", [{"learning": "both"}, {"max_items": 0}, {"max_items": 11}, {"hours_available": -1}]
    )
    def test_it_refuses_invalid_preferences(self, kwargs):
        with pytest.raises(ValueError):
            Preferences(**kwargs)


class RealCatalogueTests:
    def test_it_puts_a_clearly_weak_identity_first_and_in_the_majority(self):
        scores = {C: 4, ID: 1, W: 4}
        for prefs in (Preferences(), Preferences(max_items=10), Preferences(max_items=4, hours_available=40)):
            result = recommend(REAL, scores, prefs, aspect_names=NAMES)
            assert len(result) == prefs.max_items
            assert ID in result[0].aspects
            assert sum(ID in r.aspects for r in result) > len(result) / 2
            assert learning_union(result) == BOTH
            assert len({r.category for r in result}) > 1

    def test_it_recommends_nothing_when_everything_is_top(self):
        assert recommend(REAL, {C: 5, ID: 5, W: 5}, Preferences(max_items=10)) == []


# -- properties -----------------------------------------------------------------------------------------


class RecommendPropertyTests:
    @properties
    @given(cases, st.randoms(use_true_random=False))
    def test_it_is_deterministic_whatever_the_order_of_the_candidates(self, case, random):
        candidates, scores, prefs = case
        shuffled = list(candidates)
        random.shuffle(shuffled)
        assert recommend(candidates, scores, prefs) == recommend(candidates, scores, prefs)
        assert recommend(shuffled, scores, prefs) == recommend(candidates, scores, prefs)

    @properties
    @given(cases)
    def test_it_keeps_to_max_items_without_duplicates_or_excluded(self, case):
        candidates, scores, prefs = case
        found = codes(recommend(candidates, scores, prefs))
        assert len(found) <= prefs.max_items
        assert len(set(found)) == len(found)
        assert not set(found) & prefs.exclude

    @properties
    @given(cases)
    def test_it_only_serves_growth_aspects(self, case):
        candidates, scores, prefs = case
        growth = growth_aspects(scores)
        result = recommend(candidates, scores, prefs)
        if not growth:
            assert result == []
        by_code = {c.code: c for c in candidates}
        for r in result:
            c = by_code[r.code]
            assert r.aspects and set(r.aspects) == c.aspects & set(growth)
            assert list(r.aspects) == [a for a in growth if a in r.aspects]
            assert (r.learning, r.category, r.hours) == (tuple(sorted(c.learning)), c.category, c.hours)
            assert r.reason

    @properties
    @given(cases)
    def test_it_starts_with_the_weakest_aspect(self, case):
        assert starts_with_weakest(*case, recommend(*case))

    @properties
    @given(cases)
    def test_it_gives_a_clearly_weakest_aspect_the_majority_or_all_that_fits(self, case):
        assert weakest_gets_majority(*case, recommend(*case))

    @properties
    @given(cases)
    def test_it_keeps_to_the_learning_preference(self, case):
        candidates, scores, prefs = case
        if prefs.learning != "any":
            assert all(prefs.learning in r.learning for r in recommend(candidates, scores, prefs))

    @properties
    @given(cases)
    def test_it_mixes_modes_and_categories_whenever_possible(self, case):
        assert mixed_when_possible(*case, recommend(*case))

    @properties
    @given(cases)
    def test_it_stays_within_the_hours_available(self, case):
        candidates, scores, prefs = case
        result = recommend(candidates, scores, prefs)
        if prefs.hours_available is not None:
            assert sum(r.hours for r in result) <= prefs.hours_available

    @properties
    @given(cases)
    def test_it_fills_up_while_an_eligible_candidate_fits(self, case):
        assert filled_up(*case, recommend(*case))

    @properties
    @given(st.one_of(random_cases(), tight_cases()))
    def test_the_pair_check_agrees_with_trying_every_selection(self, case):
        """The mix oracle above looks at pairs only; on small pools compare it with brute force."""
        candidates, scores, prefs = case
        pool = eligible(candidates, scores, prefs)[:9]
        if not growth_aspects(scores):
            return
        for n in range(2, min(prefs.max_items, len(pool)) + 1):
            for modes, categories in ((True, True), (True, False), (False, True)):
                assert mix_possible(pool, n, scores, modes, categories) == mix_possible_brute(
                    pool, n, scores, modes, categories
                )


class SmallWorldTests:
    def test_it_keeps_every_rule_in_every_catalogue_of_three_kinds(self):
        """Exhaustively: two of each of three kinds (category, aspects, learning), where rules compete."""
        kinds = product(
            ["practice", "expertise"], [frozenset({ID}), frozenset({C}), frozenset({ID, C})], [INF, FOR, BOTH]
        )
        checks = (starts_with_weakest, weakest_gets_majority, mixed_when_possible, filled_up)
        broken = []
        for palette in combinations(kinds, 3):
            rows = [kind for kind in palette for _ in range(2)]
            candidates = [
                Candidate(f"a{i}", "", cat, a, learning, 8, i) for i, (cat, a, learning) in enumerate(rows)
            ]
            for scores in ({ID: 1, C: 3, W: 5}, {ID: 2, C: 3, W: None}):
                for prefs in (Preferences(max_items=2), Preferences(max_items=3), Preferences(max_items=4)):
                    result = recommend(candidates, scores, prefs)
                    broken += [
                        (palette, scores, prefs, check.__name__)
                        for check in checks
                        if not check(candidates, scores, prefs, result)
                    ]
        assert not broken, broken[:3]
