from itertools import product

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.overviews.suppression import determined, protect, shows, threshold
from ontwikkelwijzer.teams.constants import MIN_GROUP_FLOOR

cells = st.sampled_from("abcdefgh")
relations = st.lists(
    st.dictionaries(cells, st.sampled_from([1, 1, 1, -1, 2]), min_size=1, max_size=5), min_size=1, max_size=5
)


def _solutions(relations, hidden, values, span=3):
    """Every way of filling in the hidden cells (0 to span) that keeps every relation's value: what someone
    who sees the shown cells and the relations' values can still believe. Brute force, for small cases."""
    hidden = sorted(hidden)
    known = {r_i: sum(c * values[cell] for cell, c in r.items()) for r_i, r in enumerate(relations)}
    found = []
    for guess in product(range(span + 1), repeat=len(hidden)):
        filled = values | dict(zip(hidden, guess, strict=True))
        if all(sum(c * filled[cell] for cell, c in r.items()) == known[i] for i, r in enumerate(relations)):
            found.append(dict(zip(hidden, guess, strict=True)))
    return found


class ThresholdTests:
    def test_k_never_goes_below_the_floor(self):
        assert threshold(1) == MIN_GROUP_FLOOR and threshold(7) == 7
        assert not shows(2, 0) and shows(3, 0) and not shows(4, 5) and shows(5, 5)


class DeterminedTests:
    def test_a_sum_with_one_hidden_cell_gives_it_away(self):
        assert determined([{"a": 1, "b": 1, "c": 1}], {"c"}) == {"c"}
        assert determined([{"a": 1, "b": 1, "c": 1}], {"b", "c"}) == set()

    def test_two_sums_can_give_away_a_cell_that_each_alone_does_not(self):
        both = [{"x": 1, "b": 1, "h": 1}, {"x": 1, "b": 1}]  # informal and formal sums sharing x and b
        assert determined(both, {"x", "b", "h"}) == {"h"}
        assert determined(both[:1], {"x", "b", "h"}) == set()
        three = [{"a": 1, "b": 1}, {"b": 1, "c": 1}, {"a": 1, "c": 1}]
        assert determined(three, {"a", "b", "c"}) == {"a", "b", "c"}

    @settings(max_examples=300, deadline=None)
    @given(
        relations=relations, hidden=st.sets(cells, max_size=4), values=st.lists(st.integers(0, 3), min_size=8)
    )
    def test_a_cell_it_calls_determined_has_one_value_whatever_else_is_hidden(
        self, relations, hidden, values
    ):
        values = dict(zip("abcdefgh", values, strict=False))
        found = determined(relations, hidden)

        solutions = _solutions(relations, hidden, values, span=6)
        assert found <= hidden
        for cell in found:
            assert {s[cell] for s in solutions} == {values[cell]}


class ProtectTests:
    @settings(max_examples=300, deadline=None)
    @given(relations=relations, primary=st.sets(cells, max_size=3))
    @example(relations=[{"a": 1, "b": 1, "c": 1}], primary={"a"})
    def test_no_hidden_cell_is_left_determined_when_candidates_are_there(self, relations, primary):
        candidates = {cell: (i,) for i, cell in enumerate("abcdefgh") if cell not in primary}

        hidden = protect(relations, primary, candidates)

        assert primary <= hidden
        assert determined(relations, hidden) <= {c for c in hidden if _alone(relations, c, hidden)}

    def test_it_hides_the_cheapest_cell_in_the_same_sum(self):
        sums = [{"plg": 1, "stage": 1, "cursus": 1}, {"cursus": 1, "netwerk": 1}]
        costs = {"plg": (9, 20), "stage": (6, 8), "netwerk": (1, 1)}

        assert protect(sums, {"cursus"}, costs) == {"cursus", "stage", "netwerk"}

    def test_it_leaves_shown_what_no_sum_ties_to_a_hidden_cell(self):
        assert protect([{"a": 1, "b": 1}, {"c": 1, "d": 1}], {"a"}, {"b": (5,), "c": (1,), "d": (1,)}) == {
            "a",
            "b",
        }


def _alone(relations, cell, hidden) -> bool:
    """Whether every candidate that could protect the cell is hidden already (nothing more to hide)."""
    return all(c in hidden for r in relations if r.get(cell) for c in r)
