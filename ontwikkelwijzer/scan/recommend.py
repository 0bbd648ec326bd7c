"""Recommend professional-development activities: pure functions over plain data.

The framework's key finding is that no single type of activity is enough: types must complement each
other. So the engine builds a mix rather than a top list. It picks greedily, best gain first, but only
among the candidates that keep these rules reachable, most important first:

1. the first item serves the weakest growth aspect; a clearly weakest aspect gets more than half;
2. informal and formal learning together, and more than one category (each dropped when impossible);
3. fill up to ``max_items`` within the hours available.

Whether the rules stay reachable is decided per kind of candidate (does it serve the weakest aspect,
its learning modes, its category): a complementary mix never needs more than two extra items. That
look-ahead checks hours one item at a time, so under a tight budget the mix is a best effort.
"""

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from django.utils.translation import gettext as _

LEARNING_MODES = frozenset({"informal", "formal"})
TOP_SCORE = 5
MAX_ITEMS = 10

type Kind = tuple[bool, frozenset[str], str]  # serves the weakest aspect, learning modes, category
type Mix = tuple[frozenset[str], int]  # learning modes wanted, number of categories wanted


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    category: str
    aspects: frozenset[str]
    learning: frozenset[str]
    hours: int
    position: int


@dataclass(frozen=True)
class Preferences:
    learning: str = "any"
    max_items: int = 5
    exclude: frozenset[str] = frozenset()
    hours_available: int | None = None

    def __post_init__(self) -> None:
        if self.learning not in ("any", *LEARNING_MODES):
            raise ValueError(f"unknown learning preference: {self.learning!r}")
        if not 1 <= self.max_items <= MAX_ITEMS:
            raise ValueError(f"max_items must be 1..{MAX_ITEMS}, not {self.max_items}")
        if self.hours_available is not None and self.hours_available < 0:
            raise ValueError("hours_available cannot be negative")


@dataclass(frozen=True)
class Recommendation:
    code: str
    aspects: tuple[str, ...]
    learning: tuple[str, ...]
    category: str
    hours: int
    reason: str


def growth_aspects(scores: Mapping[str, float | None]) -> list[str]:
    """Aspects scored below the top, weakest first; ties keep the order of ``scores``."""
    scored = [(score, i, aspect) for i, (aspect, score) in enumerate(scores.items()) if score is not None]
    return [aspect for score, _i, aspect in sorted(scored) if score < TOP_SCORE]


def clearly_weakest(scores: Mapping[str, float | None]) -> str | None:
    """The aspect scored at least 2 below every other scored aspect, if there is one."""
    scored = {aspect: score for aspect, score in scores.items() if score is not None}
    if len(scored) < 2:
        return None
    weakest = min(scored, key=lambda aspect: scored[aspect])
    others = [score for aspect, score in scored.items() if aspect != weakest]
    return weakest if all(score - scored[weakest] >= 2 for score in others) else None


def recommend(
    candidates: Sequence[Candidate],
    scores: Mapping[str, float | None],
    preferences: Preferences,
    aspect_names: Mapping[str, str] | None = None,
) -> list[Recommendation]:
    """A complementary mix of activities for the growth aspects in ``scores``, in the order picked."""
    growth = growth_aspects(scores)
    if not growth:
        return []
    weakest, hours = growth[0], preferences.hours_available
    budget = math.inf if hours is None else hours
    pool = _eligible(candidates, growth, preferences, budget)
    slots = min(preferences.max_items, len(pool))
    quota = slots // 2 + 1 if clearly_weakest(scores) else 1
    need = min(quota, sum(weakest in c.aspects for c in pool))  # items still to pick for the weakest aspect
    mixes: list[Mix] = [(frozenset(), 2), (frozenset(), 0)]
    if preferences.learning == "any":
        mixes = [(LEARNING_MODES, 2), (LEARNING_MODES, 0), *mixes]

    def kind(c: Candidate) -> Kind:
        return weakest in c.aspects, c.learning, c.category

    chosen: list[Candidate] = []
    result: list[Recommendation] = []
    while len(chosen) < slots:
        options = [c for c in pool if c not in chosen and c.hours <= budget]
        if not options:
            break
        pick = _pick(options, chosen, budget, slots - len(chosen), need, mixes, kind, scores, growth)
        result.append(_recommendation(pick, chosen, growth, weakest, aspect_names or {}))
        chosen.append(pick)
        need = max(0, need - (weakest in pick.aspects))
        budget -= pick.hours
    return result


def _eligible(
    candidates: Sequence[Candidate], growth: list[str], preferences: Preferences, budget: float
) -> list[Candidate]:
    """Candidates that may be recommended at all, in framework order, one per code."""
    unique: dict[str, Candidate] = {}
    for c in sorted(candidates, key=lambda c: (c.position, c.code, c.name, c.category, c.hours)):
        unique.setdefault(c.code, c)
    return [
        c
        for c in unique.values()
        if c.code not in preferences.exclude
        and c.aspects & set(growth)
        and (preferences.learning == "any" or preferences.learning in c.learning)
        and c.hours <= budget
    ]


def _pick(
    options: list[Candidate],
    chosen: list[Candidate],
    budget: float,
    slots: int,
    need: int,
    mixes: list[Mix],
    kind: Callable[[Candidate], Kind],
    scores: Mapping[str, float | None],
    growth: list[str],
) -> Candidate:
    """The best option that keeps the strongest reachable mix reachable; the weakest aspect first."""

    def rest(c: Candidate) -> Counter[Kind]:  # what may still follow ``c``, hours permitting
        return Counter(kind(x) for x in options if x is not c and x.hours <= budget - c.hours)

    allowed = options
    for mix in mixes:
        keeps: dict[tuple[Kind, int], bool] = {}
        for c in options:
            if (kind(c), c.hours) not in keeps:
                need_after = max(0, need - (growth[0] in c.aspects))
                keeps[kind(c), c.hours] = _reachable(chosen, kind(c), rest(c), slots - 1, need_after, mix)
        if any(keeps.values()):
            allowed = [c for c in options if keeps[kind(c), c.hours]]
            break
    if need:
        allowed = [c for c in allowed if growth[0] in c.aspects] or allowed
    return min(allowed, key=lambda c: (-_gain(c, chosen, scores, growth), c.position, c.code))


def _reachable(
    chosen: list[Candidate], added: Kind, rest: Counter[Kind], slots: int, need: int, mix: Mix
) -> bool:
    """Can ``slots`` more items from ``rest`` still bring ``need`` weakest-aspect items and ``mix``?"""
    if sum(n for k, n in rest.items() if k[0]) < need:
        return False
    modes = added[1].union(*(c.learning for c in chosen))
    categories = {added[2], *(c.category for c in chosen)}
    kinds = [k for k, n in rest.items() if n]
    for size in range(3):
        for extra in combinations(kinds, size):
            if not mix[0] <= modes.union(*(k[1] for k in extra)):
                continue
            if len(categories.union(k[2] for k in extra)) < mix[1]:
                continue
            if size + max(0, need - sum(k[0] for k in extra)) <= slots:
                return True
    return False


def _gain(
    c: Candidate, chosen: list[Candidate], scores: Mapping[str, float | None], growth: list[str]
) -> float:
    """Need served (weaker and less-served aspects weigh more), plus variety, minus a little time."""
    need = sum(
        (TOP_SCORE - (scores[a] or 0)) / (1 + sum(a in x.aspects for x in chosen))
        for a in growth
        if a in c.aspects
    )
    modes = frozenset().union(*(x.learning for x in chosen))
    new_category = c.category not in {x.category for x in chosen}
    return need + 2 * len(c.learning - modes) + 2 * new_category - c.hours / 40


def _recommendation(
    c: Candidate, chosen: list[Candidate], growth: list[str], weakest: str, names: Mapping[str, str]
) -> Recommendation:
    served = tuple(a for a in growth if a in c.aspects)
    added = c.learning - frozenset().union(*(x.learning for x in chosen))
    aspects = _join([names.get(a, a) for a in served])
    if c.learning == LEARNING_MODES:
        how = _("Works on %(aspects)s through informal and formal learning.") % {"aspects": aspects}
    elif "formal" in c.learning:
        how = _("Works on %(aspects)s through formal learning.") % {"aspects": aspects}
    else:
        how = _("Works on %(aspects)s through informal learning.") % {"aspects": aspects}
    if chosen and added == {"formal"}:
        adds = _("It adds formal learning to the mix.")
    elif chosen and added == {"informal"}:
        adds = _("It adds informal learning to the mix.")
    elif chosen and c.category not in {x.category for x in chosen}:
        adds = _("It adds an activity from another category.")
    elif weakest in c.aspects:
        adds = _("It strengthens your weakest aspect.")
    else:
        adds = _("It complements the other activities.")
    return Recommendation(c.code, served, tuple(sorted(c.learning)), c.category, c.hours, f"{how} {adds}")


def _join(names: list[str]) -> str:
    if len(names) < 2:
        return "".join(names)
    return _("%(list)s and %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}
