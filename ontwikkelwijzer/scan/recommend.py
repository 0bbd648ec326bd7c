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
"""

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

INFORMAL, FORMAL = frozenset({"informal"}), frozenset({"formal"})
LEARNING_MODES = INFORMAL | FORMAL
TOP_SCORE = 5
MAX_ITEMS = 10
LOW_ANSWER = 3  # a statement answered at most this is a low statement: the reason names it
DONE_BEFORE = 0.5  # what was done last school year counts for half

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

    def met(self, learning: list[frozenset[str]], categories: set[str]) -> bool:
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

    def share(self, c: Candidate, aspect: str, chosen: Sequence[Candidate]) -> float:
        """What ``c`` does for ``aspect`` next to ``chosen``: its specificity plus its linked statements."""
        return self._share(c, aspect, _Chosen.of(chosen))

    def _share(self, c: Candidate, aspect: str, before: "_Chosen") -> float:
        statements = sum(self.gap[s] / (1 + before.covered[s]) for s in self.linked(c, aspect))
        return self.weight[aspect] * (1 / len(c.aspects) + 2 * statements) / (1 + before.served[aspect])

    def gain(self, c: Candidate, before: "_Chosen", done_before: frozenset[str]) -> float:
        need = sum(self._share(c, a, before) for a in self.served(c))
        if c.code in done_before:
            need *= DONE_BEFORE
        variety = 0.5 * (c.learning not in before.learning) + 0.5 * (c.category not in before.categories)
        return need + variety - c.hours / 40


@dataclass(frozen=True)
class _Chosen:
    """What the items chosen so far cover, counted once per pick."""

    covered: Counter[str]  # statement -> chosen items linked to it
    served: Counter[str]  # aspect -> chosen items serving it
    learning: frozenset[frozenset[str]]
    categories: frozenset[str]

    @classmethod
    def of(cls, chosen: Sequence[Candidate]) -> "_Chosen":
        return cls(
            Counter(s for x in chosen for s in x.statements),
            Counter(a for x in chosen for a in x.aspects),
            frozenset(x.learning for x in chosen),
            frozenset(x.category for x in chosen),
        )


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

    def kind(c: Candidate) -> Kind:
        return weakest in c.aspects, c.learning, c.category

    chosen: list[Candidate] = []
    while len(chosen) < slots:
        options = [c for c in pool if c not in chosen and c.hours <= budget]
        if not options:
            break
        allowed = _keeping_mix(options, chosen, budget, slots - len(chosen), owed, mixes, kind)
        if owed:
            allowed = [c for c in allowed if weakest in c.aspects] or allowed
        before = _Chosen.of(chosen)
        pick = min(
            allowed, key=lambda c: (-need.gain(c, before, preferences.done_before), c.position, c.code)
        )
        chosen.append(pick)
        owed = max(0, owed - (weakest in pick.aspects))
        budget -= pick.hours
    names = {s.code: s.text for s in statements}
    return _explained(chosen, need, preferences, names, aspect_names or {})


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


def _keeping_mix(
    options: list[Candidate],
    chosen: list[Candidate],
    budget: float,
    slots: int,
    owed: int,
    mixes: list[Mix],
    kind: Callable[[Candidate], Kind],
) -> list[Candidate]:
    """The options after which the strongest reachable mix stays reachable (all of them if none is)."""
    kinds = [kind(c) for c in options]
    fits: dict[int, Counter[Kind]] = {}  # the kinds that fit beside an option of these hours
    for h in {c.hours for c in options}:
        fits[h] = Counter(k for c, k in zip(options, kinds, strict=True) if c.hours <= budget - h)
    for mix in mixes:
        keeps: dict[tuple[Kind, int], bool] = {}
        answers: dict[tuple[Kind, frozenset[Kind], int], bool] = {}  # the same rest, the same answer
        for c, k in zip(options, kinds, strict=True):
            if (k, c.hours) in keeps:
                continue
            rest = fits[c.hours].copy()
            if c.hours <= budget - c.hours:
                rest[k] -= 1  # not the option itself
            after = max(0, owed - k[0])
            serving = min(after, sum(n for x, n in rest.items() if x[0]))
            key = (k, frozenset(x for x, n in rest.items() if n > 0), serving)
            if key not in answers:
                answers[key] = serving >= after and _reachable(chosen, k, key[1], slots - 1, after, mix)
            keeps[k, c.hours] = answers[key]
        if any(keeps.values()):
            return [c for c, k in zip(options, kinds, strict=True) if keeps[k, c.hours]]
    return options


def _reachable(
    chosen: list[Candidate], added: Kind, rest: frozenset[Kind], slots: int, owed: int, mix: Mix
) -> bool:
    """Can ``slots`` more items of the kinds in ``rest`` still bring ``owed`` weakest-aspect items and
    ``mix``? A mix needs at most three items (formal only, informal only, another category)."""
    learning = [added[1], *(c.learning for c in chosen)]
    categories = {added[2], *(c.category for c in chosen)}
    for size in range(4):
        for extra in combinations(sorted(rest), size):
            if not mix.met(learning + [k[1] for k in extra], categories | {k[2] for k in extra}):
                continue
            if size + max(0, owed - sum(k[0] for k in extra)) <= slots:
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
    for i, c in enumerate(chosen):
        before = chosen[:i]
        served = need.served(c)
        aspect = max(served, key=lambda a: (need.share(c, a, before), -need.growth.index(a)))
        linked = tuple(need.linked(c))
        reason = " ".join(
            part
            for part in (
                _why(c, aspect, need, statement_texts, names),
                _role(c, before),
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
