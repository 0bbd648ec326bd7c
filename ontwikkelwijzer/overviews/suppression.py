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
    vector lies in the span of the rows, which in reduced row echelon form means: a row with that cell alone.
    Exact arithmetic (fractions).
    """
    hidden = set(hidden)
    columns = sorted(hidden, key=_order)
    index = {cell: i for i, cell in enumerate(columns)}
    pivots: dict[int, dict[int, Fraction]] = {}  # pivot column -> its row, kept in reduced echelon form
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


def protect[K](
    relations: list[Relation[K]], hidden: Iterable[K], candidates: Mapping[K, tuple[int, ...]]
) -> set[K]:
    """The hidden cells plus the further candidates it takes so that none of them is ``determined``.

    candidates: cell -> cost (smallest first: the count with the fewest teachers, then the fewest items);
    only these may be hidden in addition. Greedy: while a hidden cell is determined, hide the cheapest
    candidate that shares a relation with it. Cells that no candidate can protect (a relation that holds one
    cell only) stay determined; the callers' relations always have more than one cell.
    """
    hidden = set(hidden)
    while found := determined(relations, hidden):
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


def _minus(row: dict[int, Fraction], factor: Fraction, other: dict[int, Fraction]) -> dict[int, Fraction]:
    """row - factor * other, without the zeros."""
    result = dict(row)
    for column, value in other.items():
        result[column] = result.get(column, 0) - factor * value
    return {c: v for c, v in result.items() if v}


def _order(key: object) -> tuple[str, str]:
    """A sort key for any cell key, so that ties break the same way every time."""
    return (type(key).__name__, str(key))
