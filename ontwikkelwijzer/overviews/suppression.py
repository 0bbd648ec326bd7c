"""Small-group suppression: pure functions, no database. Two kinds of figure are protected.

**Self-scan means** (personal scores in aggregate) are shown per group only when at least k people are behind
them: k is the organisation's ``min_group_size``, never below ``MIN_GROUP_FLOOR``. The groups are disjoint (a
teacher counts in one team only, ``overviews.stats``), and a figure over several groups (the line for the
organisation) is only ever over groups that are shown themselves. "That figure minus the groups shown" is then
nothing, whichever page, download or week it comes from, and whether a group is shown depends on that group
alone. We do not show the mean over everyone beside hidden groups and then hide a further group so that the
rest is at least k (the textbook complementary suppression, what this module did before): within one report
that is safe, but which further group has to go changes from one week's figures to the next, and then last
week's total minus a group shown this week gives back the small group (``test_suppression`` shows it). The
figures come from a snapshot that changes only when at least two people's new scans change a group
(``overviews.snapshots``), so that comparing two weeks gives no one person away either.

**Counts with few teachers behind them** (how many plan items of an activity, or of an aspect in a category
and learning mode, in the research export and in the activity table of the organisation overview): a count
with fewer than k distinct teachers behind it is hidden (primary suppression). The page or the file also
shows sums of such counts (the number of activities counted, informal and formal, with the work field; per
category and learning mode the aspects add up to the activities when each item has one aspect). So further
counts are hidden (complementary suppression, ``protect``) until no hidden count follows from the counts
shown and those sums: ``determined`` solves the sums as linear equations in the hidden counts.
"""

from collections.abc import Iterable, Mapping
from fractions import Fraction
from math import gcd, lcm

from ontwikkelwijzer.teams.constants import MIN_GROUP_FLOOR

type Relation[K] = Mapping[
    K, int | Fraction
]  # cell -> coefficient; the value of the sum is known to whoever reads the figures


def threshold(min_group_size: int) -> int:
    """The smallest number of people an aggregate may show: the organisation's setting, at least the floor."""
    return max(int(min_group_size), MIN_GROUP_FLOOR)


def shows(people: int, k: int) -> bool:
    """Whether an aggregate over ``people`` people may be shown at all."""
    return people >= threshold(k)


def determined[K](relations: Iterable[Relation[K]], hidden: Iterable[K]) -> set[K]:
    """The hidden cells whose value follows from the relations, the shown cells being known.

    Each relation is a linear form over cells (cell -> coefficient) whose value is known. Restricted to the
    hidden cells, the relations are a system of linear equations; a hidden cell is determined when its unit
    vector lies in the span of the rows, which is when every solution of the homogeneous system (every way
    of changing the hidden cells that leaves each relation's value as it is) leaves that cell as it is.
    Exact arithmetic (integers: ``_Elimination``).
    """
    elimination = _Elimination(list(relations))
    for cell in hidden:
        elimination.hide(cell)
    return elimination.determined()


def protect[K](
    relations: list[Relation[K]], hidden: Iterable[K], candidates: Mapping[K, tuple[int, ...]]
) -> set[K]:
    """The hidden cells plus the further candidates it takes so that none of them is ``determined``.

    candidates: cell -> cost (smallest first: the count with the fewest teachers, then the fewest items);
    only these may be hidden in addition. Greedy: while a hidden cell is determined, hide the cheapest
    candidate that shares a relation with it. Cells that no candidate can protect (a relation that holds one
    cell only) stay determined; the callers' relations always have more than one cell.

    Each further cell is added to the elimination of the cells hidden so far (``_Elimination.hide``), not
    solved again from scratch: the same cells as solving anew after each one, at a fraction of the cost.
    """
    hidden = set(hidden)
    if not hidden:
        return hidden  # nothing hidden: nothing follows
    elimination = _Elimination(relations)
    for cell in hidden:
        elimination.hide(cell)
    costs: dict[K, tuple[tuple[int, ...], tuple[str, str]]] = {}  # cell -> what ``min`` compares

    def cost(cell: K) -> tuple[tuple[int, ...], tuple[str, str]]:
        if cell not in costs:
            costs[cell] = (candidates[cell], _order(cell))
        return costs[cell]

    # per relation, once it matters: its candidates, cheapest first, and how many of those are hidden by now
    ranked: dict[int, list[K]] = {}
    skipped: dict[int, int] = {}
    while found := elimination.determined():
        best: tuple[tuple[tuple[int, ...], tuple[str, str]], K] | None = None
        for i in {i for cell in found for i in elimination.relations_of(cell)}:
            if i not in ranked:
                ranked[i] = sorted(
                    (
                        cell
                        for cell, coefficient in relations[i].items()
                        if coefficient and cell in candidates
                    ),
                    key=cost,
                )
            cells, at = ranked[i], skipped.get(i, 0)
            while at < len(cells) and cells[at] in hidden:
                at += 1
            skipped[i] = at
            if at < len(cells) and (best is None or cost(cells[at]) < best[0]):
                best = (cost(cells[at]), cells[at])
        if best is None:
            return hidden
        hidden.add(best[1])
        elimination.hide(best[1])
    return hidden


class _Elimination[K]:
    """Hidden cells added one at a time to a system of relations; which of them are determined.

    A hidden cell is *not* determined when some way of changing the hidden cells keeps every relation's
    value and changes that cell: when it is in the support of the null space of the relations restricted to
    the hidden cells (``determined`` says why). The columns of the hidden cells are kept in echelon form
    (each with the combination of hidden columns it stands for); a new cell's column is reduced against
    them. What is left over is a new column of the echelon form: the null space stays as it was, and the new
    cell is determined. Nothing left over: the combination is a new solution of the homogeneous system, and
    every cell in it is not determined (from then on: the null space only grows as cells are hidden).

    Exact: integers only (each relation is scaled to whole coefficients, which changes no solution), and a
    column is reduced by cross-multiplication, divided by the common factor.
    """

    def __init__(self, relations: list[Relation[K]]) -> None:
        self.columns: dict[K, dict[int, int]] = {}  # cell -> relation -> whole coefficient, nonzero only
        columns = self.columns
        for i, relation in enumerate(relations):
            whole = {cell: v for cell, v in relation.items() if type(v) is int}
            if len(whole) == len(relation):  # nearly always: nothing to scale
                for cell, v in whole.items():
                    if v:
                        if cell in columns:
                            columns[cell][i] = v
                        else:
                            columns[cell] = {i: v}
                continue
            coefficients = {cell: Fraction(v) for cell, v in relation.items() if v}
            scale = lcm(*(v.denominator for v in coefficients.values())) if coefficients else 1
            for cell, fraction in coefficients.items():
                columns.setdefault(cell, {})[i] = int(fraction * scale)
        # (pivot relation, column, combination of hidden cells it is), each zero at the pivots before it
        self.basis: list[tuple[int, dict[int, int], dict[K, int]]] = []
        self.hidden: set[K] = set()
        self.free: set[K] = set()  # hidden cells in some solution of the homogeneous system: not determined

    def relations_of(self, cell: K) -> Iterable[int]:
        """The relations the cell is in (with a coefficient other than 0)."""
        return self.columns.get(cell, {}).keys()

    def determined(self) -> set[K]:
        return self.hidden - self.free

    def hide(self, cell: K) -> None:
        if cell in self.hidden:
            return
        self.hidden.add(cell)
        column = dict(self.columns.get(cell, {}))
        combination = {cell: 1}
        for pivot, other, other_combination in self.basis:
            v = column.get(pivot)
            if not v:
                continue
            p = other[pivot]
            g = gcd(p, v)
            column = _combine(column, p // g, other, -(v // g))
            combination = _combine(combination, p // g, other_combination, -(v // g))
        if column:
            g = gcd(*column.values(), *combination.values())
            if g > 1:
                column = {i: v // g for i, v in column.items()}
                combination = {c: v // g for c, v in combination.items()}
            self.basis.append((min(column), column, combination))
        else:
            self.free.update(combination)


def _combine[T](a: dict[T, int], x: int, b: dict[T, int], y: int) -> dict[T, int]:
    """x * a + y * b, without the zeros."""
    result = {key: v * x for key, v in a.items()}
    for key, v in b.items():
        value = result.get(key, 0) + y * v
        if value:
            result[key] = value
        else:
            result.pop(key, None)
    return result


def _order(key: object) -> tuple[str, str]:
    """A sort key for any cell key, so that ties break the same way every time."""
    return (type(key).__name__, str(key))
