"""Recommend professional-development activities: pure functions over plain data.

The framework's key finding is that no single type of activity is enough: types must complement each
other. So the engine builds a mix rather than a top list. What it weighs, per candidate:

- the aspect profile: a growth aspect weighs the square of its distance to the top, so a clearly weakest
  aspect outweighs the others by far;
- the answers per statement: the framework links each scan statement to the activities that address it;
  an activity linked to a low statement has that aspect as its point, not as a side effect;
- specificity: an activity's share in an aspect is larger when it contributes to fewer aspects;
- diminishing returns: an aspect or statement already served by a chosen item counts for less;
- variety, a little time, and a discount for what the person did last school year.

It picks greedily, best gain first, but only among the candidates that keep these rules reachable, most
important first:

1. the first item serves the weakest growth aspect; a clearly weakest aspect gets more than half;
2. without a stated preference an activity that is formal only and one that is informal only (an activity
   that is both does not make a mix alone), and more than one category; each dropped when impossible;
3. fill up to ``max_items`` within the hours available.

Whether the rules stay reachable is decided per kind of candidate (does it serve the weakest aspect,
its learning modes, its category): a complementary mix never needs more than three items. That
look-ahead checks hours one item at a time, so under a tight budget the mix is a best effort.

How it is computed, for n candidates and m = ``max_items`` picks (``recommend`` has the details): what
each candidate can do is worked out once, not at every pick; what is chosen is kept up to date pick by
pick; the look-ahead works on counts per kind and hours, not per candidate; and a pick recomputes only
the gains that can still win (a gain never grows as items are chosen). The result is the same as
recomputing everything at every pick, to the last tie.
"""

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from operator import attrgetter
from typing import NamedTuple

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

INFORMAL, FORMAL = frozenset({"informal"}), frozenset({"formal"})
LEARNING_MODES = INFORMAL | FORMAL
TOP_SCORE = 5
MAX_ITEMS = 10
LOW_ANSWER = 3  # a statement answered at most this is a low statement: the reason names it
DONE_BEFORE = 0.5  # what was done last school year counts for half
# How much a low statement counts beside specificity: enough that the lowest statement of an aspect can
# outweigh an activity that is specific to the aspect but linked to a statement answered higher (with 2,
# two scans whose low statements differed could get the same mix).
STATEMENT_WEIGHT = 5

type Kind = tuple[bool, frozenset[str], str]  # serves the weakest aspect, learning modes, category


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    category: str
    contributions: tuple[
        tuple[str, str], ...
    ]  # (aspect, what it contributes to it, in the framework's words)
    learning: frozenset[str]
    hours: int
    position: int
    statements: frozenset[str] = frozenset()  # the scan statements the framework links to it

    @cached_property
    def aspects(self) -> frozenset[str]:
        return frozenset(aspect for aspect, _text in self.contributions)

    def contribution(self, aspect: str) -> str:
        return next((text for a, text in self.contributions if a == aspect), "")


@dataclass(frozen=True)
class Statement:
    code: str
    aspect: str
    text: str


@dataclass(frozen=True)
class Preferences:
    learning: str = "any"
    max_items: int = 5
    exclude: frozenset[str] = frozenset()  # planned, in progress or done this school year
    hours_available: int | None = None
    done_before: frozenset[str] = frozenset()  # done last school year: only again with a reason

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
    aspect: str  # the growth aspect it was chosen for
    aspects: tuple[str, ...]  # every growth aspect it serves
    statements: tuple[str, ...]  # the answered statements below the top it addresses, lowest first
    learning: tuple[str, ...]
    category: str
    hours: int
    reason: str


@dataclass(frozen=True)
class Mix:
    """What a complementary mix asks for; weaker versions are tried when a stronger one is impossible."""

    single_modes: bool  # an activity that is formal only and one that is informal only
    both_modes: bool  # informal and formal learning, in whatever activities
    categories: int  # at least this many categories

    def met(self, learning: set[frozenset[str]], categories: set[str]) -> bool:
        if self.single_modes and not (INFORMAL in learning and FORMAL in learning):
            return False
        if self.both_modes and not frozenset().union(*learning) >= LEARNING_MODES:
            return False
        return len(categories) >= self.categories


MIXES_ANY = [Mix(True, True, 2), Mix(True, True, 0), Mix(False, True, 2), Mix(False, True, 0)]
MIXES_ONE_MODE = [Mix(False, False, 2), Mix(False, False, 0)]


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


@dataclass(frozen=True)
class _Need:
    """What the input asks for, computed once: weights per aspect and the gap per statement."""

    scores: Mapping[str, float | None]
    growth: list[str]
    weight: dict[str, float]  # growth aspect -> (distance to the top) squared
    gap: dict[str, float]  # statement -> its distance to the top, 0..1, squared: the lowest stand out
    statement_aspect: dict[str, str]
    answers: Mapping[str, int | None]
    # candidates with the same statements and aspects have the same shares: worked out once per call
    shares_of: "dict[tuple[frozenset[str], frozenset[str]], tuple[_Share, ...]]" = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(
        cls,
        scores: Mapping[str, float | None],
        answers: Mapping[str, int | None],
        statements: Sequence[Statement],
    ) -> "_Need":
        growth = growth_aspects(scores)
        weight = {a: (TOP_SCORE - (scores[a] or 0)) ** 2 for a in growth}
        if answers:
            gap = {
                s.code: ((TOP_SCORE - value) / (TOP_SCORE - 1)) ** 2
                for s in statements
                if (value := answers.get(s.code)) is not None and value < TOP_SCORE
            }
        else:  # only aspect scores: each statement of a growth aspect stands in for its aspect's score
            gap = {
                s.code: ((TOP_SCORE - (scores[s.aspect] or 0)) / (TOP_SCORE - 1)) ** 2
                for s in statements
                if s.aspect in weight
            }
        return cls(scores, growth, weight, gap, {s.code: s.aspect for s in statements}, answers)

    def linked(self, c: Candidate, aspect: str | None = None) -> list[str]:
        """The statements below the top that ``c`` addresses (of ``aspect``), lowest first."""
        found = [s for s in c.statements if s in self.gap and self.statement_aspect[s] in self.weight]
        if aspect is not None:
            found = [s for s in found if self.statement_aspect[s] == aspect]
        return sorted(found, key=lambda s: (-self.gap[s], s))

    def served(self, c: Candidate) -> list[str]:
        return [a for a in self.growth if a in c.aspects]

    def shares(self, c: Candidate) -> "tuple[_Share, ...]":
        """What ``c`` can do for each growth aspect it serves, weakest aspect first."""
        key = (c.statements, c.aspects)
        if key not in self.shares_of:
            self.shares_of[key] = self._shares(c)
        return self.shares_of[key]

    def _shares(self, c: Candidate) -> "tuple[_Share, ...]":
        gap, aspect_of, weight = self.gap, self.statement_aspect, self.weight
        # the statements of linked(c), in its order
        linked = sorted([(-gap[s], s) for s in c.statements if s in gap and aspect_of[s] in weight])
        specificity = 1 / len(c.aspects)
        return tuple(
            [
                _Share(
                    a, weight[a], specificity, tuple([(s, gap[s]) for _g, s in linked if aspect_of[s] == a])
                )
                for a in self.growth
                if a in c.aspects
            ]
        )


class _Share(NamedTuple):
    """What a candidate can do for one growth aspect, apart from what is chosen beside it."""

    aspect: str
    weight: float  # the aspect's weight
    specificity: float  # 1 / the number of aspects the candidate contributes to
    gaps: tuple[tuple[str, float], ...]  # its linked statements of the aspect with their gaps, lowest first


def _worths(shares: Sequence[_Share], before: "_Chosen") -> list[float]:
    """What each share is worth next to the items chosen before: the aspect's weight times (specificity
    plus ``STATEMENT_WEIGHT`` times the gaps of the linked statements), where a statement counts for less
    the more chosen items address it, and the aspect for less the more chosen items serve it (diminishing
    returns).
    The one place this is computed: the picks and the reasons use the same numbers."""
    covered, served = before.covered, before.served
    return [
        weight
        * (specificity + STATEMENT_WEIGHT * sum([gap / (1 + covered.get(s, 0)) for s, gap in gaps]))
        / (1 + served.get(aspect, 0))
        for aspect, weight, specificity, gaps in shares
    ]


@dataclass
class _Chosen:
    """The items chosen so far and what they cover, brought up to date at each pick."""

    items: list[Candidate] = field(default_factory=list)
    covered: Counter[str] = field(default_factory=Counter)  # statement -> chosen items linked to it
    served: Counter[str] = field(default_factory=Counter)  # aspect -> chosen items serving it
    learning: set[frozenset[str]] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)

    def add(self, c: Candidate) -> None:
        self.items.append(c)
        self.covered.update(c.statements)
        self.served.update(c.aspects)
        self.learning.add(c.learning)
        self.categories.add(c.category)


# A ceiling's margin over a computed gain, relative to the size of its terms. Rounding a gain is off by
# about 1e-16 of them, so a ceiling stays above any gain the option can have later, whatever the rounding.
GAIN_SLACK = 1e-9


@dataclass(eq=False, slots=True)
class _Option:
    """A candidate in the pool with what the picks need of it worked out once, and a ceiling of its gain."""

    candidate: Candidate
    kind: Kind
    shares: tuple[_Share, ...]
    done_before: bool
    ceiling: float = math.inf  # its gain, now and after any later pick, is at most this

    def gain(self, before: _Chosen) -> float:
        """What choosing it adds to ``before``: need, halved if done last school year, variety, minus a
        little for its hours. It never grows as items are chosen: the need parts are divided by counts
        that only grow, and the variety can only drop."""
        need = sum(_worths(self.shares, before))
        if self.done_before:
            need *= DONE_BEFORE
        _weakest, learning, category = self.kind
        variety = 0.5 * (learning not in before.learning) + 0.5 * (category not in before.categories)
        gain = need + variety - self.candidate.hours / 40
        self.ceiling = gain + GAIN_SLACK * (1 + abs(gain) + need)
        return gain


def recommend(
    candidates: Sequence[Candidate],
    scores: Mapping[str, float | None],
    preferences: Preferences,
    *,
    answers: Mapping[str, int | None] | None = None,
    statements: Sequence[Statement] = (),
    aspect_names: Mapping[str, str] | None = None,
) -> list[Recommendation]:
    """A complementary mix of activities for the growth aspects in ``scores``, in the order picked.

    ``answers`` (statement code -> 1..5 or None) and ``statements`` make the mix follow the low
    statements; without them each statement of an aspect counts as answered at the aspect's score.

    How: the pool (the eligible candidates, one per code, in framework order) is worked out once: per
    candidate its kind and, per growth aspect it serves, a ``_Share`` (weight, specificity, linked
    statements lowest first). Then each of up to m = ``max_items`` picks (1) decides per kind and hours
    which options keep the strongest reachable mix (``_keeping_mix``, on counts rather than candidates),
    (2) takes the allowed option of the highest gain (``_best``, a lazy greedy that recomputes only the
    gains that can still win) and (3) brings what is chosen up to date (``_Chosen``) instead of counting
    it again.

    Cost, for n candidates, H distinct hours and K kinds: O(n log n) for the pool; per pick O(n) to
    re-sort the options by ceiling (mostly sorted already), O(n) at most for the mix (O(H·K) plus a few
    look-aheads of O(K³) at worst), and the gains computed again: at the first pick those of every allowed
    option, after it those whose ceiling still reaches the best gain. That is at worst all n, as the
    full rescan at every pick was, and in practice a fraction (for 1,000 candidates about 2.5 per
    candidate over 5-10 picks, against one per candidate per pick).
    """
    need = _Need.of(scores, answers or {}, statements)
    if not need.growth:
        return []
    weakest, hours = need.growth[0], preferences.hours_available
    budget = math.inf if hours is None else hours
    pool = _eligible(candidates, need.growth, preferences, budget)
    slots = min(preferences.max_items, len(pool))
    quota = slots // 2 + 1 if clearly_weakest(scores) else 1
    owed = min(quota, sum(weakest in c.aspects for c in pool))  # items still to pick for the weakest aspect
    mixes = MIXES_ANY + MIXES_ONE_MODE if preferences.learning == "any" else MIXES_ONE_MODE

    ranked: list[_Option] = []  # by ceiling, highest first
    left: dict[int, dict[Kind, int]] = {}  # the options not chosen yet: hours -> kind -> how many
    for c in pool:
        kind = (weakest in c.aspects, c.learning, c.category)
        ranked.append(_Option(c, kind, need.shares(c), c.code in preferences.done_before))
        kinds = left.setdefault(c.hours, {})
        kinds[kind] = kinds.get(kind, 0) + 1
    chosen = _Chosen()
    while len(chosen.items) < slots:
        fitting = {h: kinds for h, kinds in left.items() if kinds and h <= budget}
        if not fitting:
            break
        allowed = _keeping_mix(fitting, chosen, budget, slots - len(chosen.items), owed, mixes)
        if owed:  # of these, the ones that serve the weakest aspect, if any
            serving = {h: {kind for kind in kinds if kind[0]} for h, kinds in allowed.items()}
            allowed = serving if any(serving.values()) else allowed
        pick = _best(ranked, allowed, chosen)
        ranked.remove(pick)
        ranked.sort(key=attrgetter("ceiling"), reverse=True)  # mostly sorted already
        kinds = left[pick.candidate.hours]
        kinds[pick.kind] -= 1
        if not kinds[pick.kind]:
            del kinds[pick.kind]
        chosen.add(pick.candidate)
        owed = max(0, owed - (weakest in pick.candidate.aspects))
        budget -= pick.candidate.hours
    names = {s.code: s.text for s in statements}
    return _explained(chosen.items, need, preferences, names, aspect_names or {})


def _eligible(
    candidates: Sequence[Candidate], growth: list[str], preferences: Preferences, budget: float
) -> list[Candidate]:
    """Candidates that may be recommended at all, in framework order, one per code."""
    unique: dict[str, Candidate] = {}
    for c in sorted(candidates, key=attrgetter("position", "code", "name", "category", "hours")):
        unique.setdefault(c.code, c)
    aspects = set(growth)
    return [
        c
        for c in unique.values()
        if c.code not in preferences.exclude
        and c.aspects & aspects
        and (preferences.learning == "any" or preferences.learning in c.learning)
        and c.hours <= budget
    ]


def _best(ranked: list[_Option], allowed: Mapping[int, set[Kind]], before: _Chosen) -> _Option:
    """The option of an allowed kind for its hours with the highest gain next to ``before``; of equal
    gains the first in framework order (the lowest position, then code).

    A lazy greedy: an option's gain never grows as items are chosen (``_Option.gain``), so the gain it
    had when last computed, plus a margin far above any rounding, is a ceiling for it. ``ranked`` is
    ordered by ceiling, highest first (an option never computed has an infinite one); walking it, gains
    are computed anew until the next ceiling is below the best gain found, since no option from there on
    can win or tie. The pick is the one computing every gain would give, ties included. Cost: O(k) for
    the k options walked, at most n.
    """
    best: _Option | None = None
    best_gain = -math.inf
    for option in ranked:
        if best is not None and option.ceiling < best_gain:
            break
        if option.kind not in allowed.get(option.candidate.hours, ()):
            continue
        gain = option.gain(before)
        if (
            best is None
            or gain > best_gain
            or (gain == best_gain and _earlier(option.candidate, best.candidate))
        ):
            best, best_gain = option, gain
    assert best is not None, "every allowed kind has an option left"
    return best


def _earlier(c: Candidate, other: Candidate) -> bool:
    """Earlier in framework order: what decides between equal gains."""
    return (c.position, c.code) < (other.position, other.code)


def _keeping_mix(
    options: Mapping[int, Mapping[Kind, int]],
    chosen: "_Chosen",
    budget: float,
    slots: int,
    owed: int,
    mixes: list[Mix],
) -> dict[int, set[Kind]]:
    """Per hours, the kinds of options after which the strongest reachable mix stays reachable (all
    if none is).

    ``options`` counts the options per hours and kind. An option keeps a mix when the options that fit
    beside it (in the hours left after it) can still bring the mix and the items owed to the weakest
    aspect in the slots left after it. That depends on its hours only through how many of the distinct
    hours fit beside it, and whether its own do: options of one kind in such a class of hours are the
    same here, and a class's kinds are listed for each of its hours (also for hours that have no option
    of that kind, which does no harm). With G groups (kind, hours), H distinct hours and K kinds:
    O(G + H·K), plus per mix one ``_reachable`` per distinct (kind, kinds that may follow,
    weakest-aspect items among them, items owed after it).
    """
    hours = sorted(options)
    # beside an option of h hours fit the options of the first `fit` distinct hours; `itself` among them
    beside = {h: (bisect_right(hours, budget - h), h <= budget - h) for h in hours}
    levels = {fit for fit, _itself in beside.values()}
    fits: dict[int, tuple[dict[Kind, int], frozenset[Kind], int]] = {}  # fit -> kinds, serving the weakest
    running: dict[Kind, int] = {}
    for fit in range(len(hours) + 1):
        if fit:
            for kind, n in options[hours[fit - 1]].items():
                running[kind] = running.get(kind, 0) + n
        if fit in levels:
            fits[fit] = (running.copy(), frozenset(running), sum(n for x, n in running.items() if x[0]))
    classes: dict[tuple[int, bool], set[Kind]] = {}  # (fit, itself) -> the kinds of its options
    for h, present in options.items():
        classes.setdefault(beside[h], set()).update(present)

    # what may follow an option: its kind, the kinds left beside it, how many of those serve the weakest
    # aspect (up to what is owed after it), and what is owed after it
    follows: dict[tuple[tuple[int, bool], Kind], tuple[Kind, frozenset[Kind], int, int]] = {}
    for (fit, itself), kinds in classes.items():
        counts, kinds_beside, serving = fits[fit]
        for kind in kinds:
            rest, rest_serving = kinds_beside, serving
            if itself:  # not the option itself
                rest = rest - {kind} if counts[kind] == 1 else rest
                rest_serving -= kind[0]
            after = max(0, owed - kind[0])
            follows[(fit, itself), kind] = (kind, rest, min(after, rest_serving), after)

    for mix in mixes:
        answers: dict[tuple[Kind, frozenset[Kind], int, int], bool] = {}  # the same rest, the same answer
        for what in follows.values():
            if what not in answers:
                kind, rest_kinds, serving, after = what
                answers[what] = serving >= after and _reachable(
                    chosen, kind, rest_kinds, slots - 1, after, mix
                )
        if any(answers.values()):
            keeps = {
                key: {kind for kind in kinds if answers[follows[key, kind]]} for key, kinds in classes.items()
            }
            return {h: keeps[beside[h]] for h in options}
    return {h: classes[beside[h]] for h in options}


def _reachable(
    chosen: "_Chosen", added: Kind, rest: frozenset[Kind], slots: int, owed: int, mix: Mix
) -> bool:
    """Can ``slots`` more items of the kinds in ``rest`` still bring ``owed`` weakest-aspect items and
    ``mix``? A mix needs at most three items (formal only, informal only, another category), so this
    tries the sets of up to three kinds: O(K³) at worst, and it stops at the first that does."""
    learning = chosen.learning | {added[1]}
    categories = chosen.categories | {added[2]}
    for size in range(4):
        for extra in combinations(rest, size):
            if size + max(0, owed - sum(k[0] for k in extra)) > slots:
                continue
            if mix.met(learning.union(k[1] for k in extra), categories.union(k[2] for k in extra)):
                return True
    return False


def _explained(
    chosen: list[Candidate],
    need: _Need,
    preferences: Preferences,
    statement_texts: Mapping[str, str],
    names: Mapping[str, str],
) -> list[Recommendation]:
    """Each pick with the growth aspect it was chosen for and a reason of its own."""
    result: list[Recommendation] = []
    reasons: set[str] = set()
    before = _Chosen()
    for c in chosen:
        served = need.served(c)
        shares = need.shares(c)
        worth = dict(zip([share.aspect for share in shares], _worths(shares, before), strict=True))
        aspect = max(served, key=lambda a: (worth[a], -need.growth.index(a)))
        linked = tuple(need.linked(c))
        reason = " ".join(
            part
            for part in (
                _why(c, aspect, need, statement_texts, names),
                _role(c, before.items),
                _("You did this last school year; it is suggested again because it fits your answers well.")
                if c.code in preferences.done_before
                else "",
            )
            if part
        )
        if reason in reasons:  # two own activities with the same words: tell them apart by name
            reason = f"{reason} ({c.name})"
        reasons.add(reason)
        result.append(
            Recommendation(
                c.code, aspect, tuple(served), linked, tuple(sorted(c.learning)), c.category, c.hours, reason
            )
        )
        before.add(c)
    return result


def _why(
    c: Candidate, aspect: str, need: _Need, statement_texts: Mapping[str, str], names: Mapping[str, str]
) -> str:
    """The statement(s) or aspect it answers, and what the framework says it contributes to that aspect."""
    contribution = c.contribution(aspect).strip().rstrip(".") or c.name
    low = [s for s in need.linked(c, aspect) if (need.answers.get(s) or TOP_SCORE) <= LOW_ANSWER]
    if low:
        first, others = low[0], len(low) - 1
        text = {
            "answer": need.answers[first],
            "statement": statement_texts.get(first, first).rstrip("."),
            "contribution": contribution,
            "others": others,
        }
        if others:
            return (
                ngettext(
                    "You answered %(answer)s to “%(statement)s” and low to %(others)s other statement this "
                    "activity addresses. The framework: “%(contribution)s”.",
                    "You answered %(answer)s to “%(statement)s” and low to %(others)s other statements this "
                    "activity addresses. The framework: “%(contribution)s”.",
                    others,
                )
                % text
            )
        return _("You answered %(answer)s to “%(statement)s”. The framework: “%(contribution)s”.") % text
    score = need.scores.get(aspect)
    return _("For %(aspect)s (your score %(score)s). The framework: “%(contribution)s”.") % {
        "aspect": names.get(aspect, aspect),
        "score": number_format(score, decimal_pos=0 if score == int(score) else 1)
        if score is not None
        else "–",
        "contribution": contribution,
    }


def _role(c: Candidate, before: list[Candidate]) -> str:
    """What it adds to the items before it, if that is why it is here."""
    if not before:
        return ""
    if c.learning == FORMAL and FORMAL not in [x.learning for x in before]:
        return _("It brings formal learning into the mix.")
    if c.learning == INFORMAL and INFORMAL not in [x.learning for x in before]:
        return _("It brings informal learning into the mix.")
    if c.category not in {x.category for x in before}:
        return _("It adds an activity from another category.")
    return ""
