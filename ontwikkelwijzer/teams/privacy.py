"""Small-group suppression for aggregated results (scan means): pure functions, no database.

A group's aggregate (say the mean self-scan score of a team) is shown only when at least k people are
behind it, with k the organisation's ``min_group_size`` and never below ``MIN_GROUP_FLOOR``. That alone is
not enough when a total is shown as well: with the organisation total and every team but one on the page,
the hidden team's figure follows from the total minus the shown teams. So when the total is shown, the
hidden groups *together* must be empty or hold at least k people; if they hold fewer, the next-smallest
shown groups are hidden too until they do. The total itself is shown only when it has at least k people.

The groups must be disjoint (each person in one group at most). People in no group at all may be counted
in the total: pass ``total`` and they count as hidden, which is what they are.

We hide further teams rather than the total: the organisation's figure is what policy is based on, and it
is always there once k people answered. Counts (how many people answered) are not suppressed: they are
not scores, and knowing them does not let anyone take a smaller group out of a shown aggregate.
"""

from collections.abc import Mapping

from ontwikkelwijzer.teams.constants import MIN_GROUP_FLOOR


def threshold(min_group_size: int) -> int:
    """The smallest number of people an aggregate may show: the organisation's setting, at least the floor."""
    return max(int(min_group_size), MIN_GROUP_FLOOR)


def shows_total(total: int, k: int) -> bool:
    """Whether an aggregate over ``total`` people may be shown at all."""
    return total >= threshold(k)


def suppress[K](groups: Mapping[K, int], total_shown: bool, k: int, *, total: int | None = None) -> set[K]:
    """The groups whose aggregate must be hidden.

    groups: group -> number of people behind its aggregate (disjoint groups); total_shown: whether the
    aggregate over everyone is on the page too; k: the smallest group that may be shown (raised to the
    floor); total: the number of people in the total when it includes people in no group (default: the
    sum of the groups).

    Every group below k is hidden. When the total is shown, groups are hidden in order of size (smallest
    first, then by key) until the hidden ones plus the people in no group are none or at least k: then
    "total minus the shown groups" only gives an aggregate over k or more people. A shown total below k
    cannot be protected this way: that raises ValueError (ask ``shows_total`` first).
    """
    k = threshold(k)
    everyone = sum(groups.values()) if total is None else total
    if total is not None and total < sum(groups.values()):
        raise ValueError("The total cannot be smaller than its disjoint groups.")
    hidden = {group for group, n in groups.items() if n < k}
    if not total_shown:
        return hidden
    if everyone < k:
        raise ValueError("A total of fewer than k people must itself be hidden.")
    shown = sorted((n, _order(group), group) for group, n in groups.items() if group not in hidden)
    rest = everyone - sum(n for n, _key, _group in shown)
    for n, _key, group in shown:
        if rest == 0 or rest >= k:
            break
        hidden.add(group)
        rest += n
    return hidden


def _order(key: object) -> tuple[str, str]:
    """A sort key for any group key, so that ties between equally small groups break the same way."""
    return (type(key).__name__, str(key))
