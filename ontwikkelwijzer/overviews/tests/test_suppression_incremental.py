"""``suppression.determined`` and ``protect`` keep the echelon form of the hidden cells and add each further
hidden cell to it (``suppression._Elimination``) instead of solving everything again after each one. They
must hide exactly what the implementation before did, which solved the system from scratch in reduced row
echelon form with fractions after every cell it hid: that one is kept here as the reference, unchanged, and
compared with the new one on random relations."""

from collections.abc import Iterable, Mapping
from fractions import Fraction

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.overviews import suppression

# --- The reference: the implementation before, as it was -----------------------------------------------


def reference_determined(relations, hidden):
    hidden = set(hidden)
    columns = sorted(hidden, key=_order)
    index = {cell: i for i, cell in enumerate(columns)}
    pivots: dict[int, dict[int, Fraction]] = {}
    for relation in relations:
        row = {index[c]: Fraction(v) for c, v in relation.items() if c in index and v}
        for column, pivot_row in pivots.items():
            if column in row:
                row = _minus(row, row[column], pivot_row)
        if not row:
            continue
        column = min(row)
        row = {c: v / row[column] for c, v in row.items()}
        pivots = {c: _minus(r, r[column], row) if column in r else r for c, r in pivots.items()}
        pivots[column] = row
    return {columns[column] for column, row in pivots.items() if len(row) == 1}


def reference_protect(relations, hidden: Iterable, candidates: Mapping) -> set:
    hidden = set(hidden)
    while found := reference_determined(relations, hidden):
        options = {
            cell
            for relation in relations
            if any(relation.get(h) for h in found)
            for cell, coefficient in relation.items()
            if coefficient and cell not in hidden and cell in candidates
        }
        if not options:
            return hidden
        hidden.add(min(options, key=lambda cell: (candidates[cell], _order(cell))))
    return hidden


def _minus(row, factor, other):
    result = dict(row)
    for column, value in other.items():
        result[column] = result.get(column, 0) - factor * value
    return {c: v for c, v in result.items() if v}


def _order(key: object) -> tuple[str, str]:
    return (type(key).__name__, str(key))


# --- Random relations ---------------------------------------------------------------------------------

NAMES = [f"c{i}" for i in range(14)]
cells = st.sampled_from(NAMES)
coefficients = st.one_of(
    st.sampled_from([1, 1, 1, 1, -1, 2, 0]),
    st.integers(-7, 7),
    st.fractions(min_value=-4, max_value=4, max_denominator=6),
)
relations = st.lists(st.dictionaries(cells, coefficients, min_size=1, max_size=8), min_size=0, max_size=9)
# costs with many ties, so that the order of cells breaks them
costs = st.dictionaries(cells, st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=14)


class SameAsBeforeTests:
    @settings(max_examples=600, deadline=None)
    @given(relations=relations, hidden=st.sets(cells, max_size=14))
    @example(
        relations=[{"c0": 1, "c1": 1}, {"c1": 1, "c2": 1}, {"c0": 1, "c2": 1}], hidden={"c0", "c1", "c2"}
    )
    @example(relations=[{"c0": 0, "c1": 1}], hidden={"c0", "c1"})
    @example(relations=[], hidden={"c0"})
    def test_determined_finds_the_same_cells(self, relations, hidden):
        assert suppression.determined(relations, hidden) == reference_determined(relations, hidden)

    @settings(max_examples=600, deadline=None)
    @given(relations=relations, primary=st.sets(cells, max_size=5), costs=costs)
    @example(
        relations=[{"c0": 1, "c1": 1, "c2": 1}, {"c2": 1, "c3": 1}],
        primary={"c2"},
        costs={"c0": (9, 20), "c1": (6, 8), "c3": (1, 1)},
    )
    def test_protect_hides_the_same_cells(self, relations, primary, costs):
        candidates = {cell: cost for cell, cost in costs.items() if cell not in primary}
        assert suppression.protect(relations, primary, candidates) == reference_protect(
            relations, primary, candidates
        )

    @settings(max_examples=150, deadline=None)
    @given(
        sizes=st.lists(st.integers(1, 12), min_size=1, max_size=6),
        teachers=st.lists(st.integers(0, 9), min_size=60, max_size=60),
        k=st.integers(3, 6),
    )
    def test_protect_hides_the_same_on_relations_shaped_like_the_overviews(self, sizes, teachers, k):
        """Margins over every activity and per group of activities (as ``aggregates.hidden_activities``
        builds them), and sums of aspects minus activities with mixed keys (as the research export)."""
        codes = [f"a{i}" for i in range(sum(sizes))]
        groups, at = [], 0
        for size in sizes:
            groups.append(codes[at : at + size])
            at += size
        people = dict(zip(codes, teachers, strict=False))
        relations: list[dict] = [dict.fromkeys(codes, 1), dict.fromkeys(codes[::2], 1)]
        relations += [dict.fromkeys(group, 1) for group in groups]
        relations += [
            {("aspect", g, a): 1 for a in "xyz"} | {code: -1 for code in group}
            for g, group in enumerate(groups)
        ]
        primary = {code for code, n in people.items() if 0 < n < k}
        candidates = {
            cell: (people.get(cell, len(str(cell))), 1)
            for relation in relations
            for cell in relation
            if cell not in primary
        }
        assert suppression.protect(relations, primary, candidates) == reference_protect(
            relations, primary, candidates
        )
