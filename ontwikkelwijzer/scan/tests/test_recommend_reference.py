"""The engine makes the picks of the direct algorithm (issue #16), and does not do its work.

``reference`` below is the recommendation engine as it was before issue #16 made it fast, written out
plainly: at every pick it computes every candidate's gain from scratch, and the look-ahead per candidate.
The engine now works out what a candidate can do once, keeps what is chosen up to date, looks ahead on
counts per kind and hours, and recomputes only the gains that can still win; the properties here pin
that this changes nothing: the same activities, in the same order, for the same aspects and
statements, ties included. The reasons are made from those by the same code.
"""

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.scan import recommend as engine
from ontwikkelwijzer.scan.recommend import (
    DONE_BEFORE,
    MIXES_ANY,
    MIXES_ONE_MODE,
    STATEMENT_WEIGHT,
    TOP_SCORE,
    Candidate,
    Mix,
    Preferences,
    Statement,
    clearly_weakest,
    growth_aspects,
    recommend,
)
from ontwikkelwijzer.scan.tests.test_recommend import (
    ASPECTS,
    CATEGORIES,
    any_answers,
    random_cases,
    real,
    real_cases,
    scores_of,
    statements,
    tight_cases,
    weakest_answers,
)

type Kind = tuple[bool, frozenset[str], str]
type Picked = list[tuple[str, str, tuple[str, ...]]]  # code, the aspect it was chosen for, its statements


def reference(
    candidates: Sequence[Candidate],
    scores: Mapping[str, float | None],
    prefs: Preferences,
    answers: Mapping[str, int | None] | None = None,
    stmts: Sequence[Statement] = (),
) -> Picked:
    """The picks, each computed directly from everything chosen before it."""
    growth = growth_aspects(scores)
    if not growth:
        return []
    weight = {a: (TOP_SCORE - (scores[a] or 0)) ** 2 for a in growth}
    if answers:
        gap = {
            s.code: ((TOP_SCORE - v) / (TOP_SCORE - 1)) ** 2
            for s in stmts
            if (v := answers.get(s.code)) is not None and v < TOP_SCORE
        }
    else:
        gap = {
            s.code: ((TOP_SCORE - (scores[s.aspect] or 0)) / (TOP_SCORE - 1)) ** 2
            for s in stmts
            if s.aspect in weight
        }
    aspect_of = {s.code: s.aspect for s in stmts}

    def linked(c: Candidate, aspect: str | None = None) -> list[str]:
        found = [
            s for s in c.statements if s in gap and aspect_of[s] in weight and aspect in (None, aspect_of[s])
        ]
        return sorted(found, key=lambda s: (-gap[s], s))

    def share(c: Candidate, aspect: str, chosen: list[Candidate]) -> float:
        covered = Counter(s for x in chosen for s in x.statements)
        served = Counter(a for x in chosen for a in x.aspects)
        statement_part = sum(gap[s] / (1 + covered[s]) for s in linked(c, aspect))
        need = 1 / len(c.aspects) + STATEMENT_WEIGHT * statement_part
        return weight[aspect] * need / (1 + served[aspect])

    def gain(c: Candidate, chosen: list[Candidate]) -> float:
        need = sum(share(c, a, chosen) for a in growth if a in c.aspects)
        if c.code in prefs.done_before:
            need *= DONE_BEFORE
        learning, categories = {x.learning for x in chosen}, {x.category for x in chosen}
        variety = 0.5 * (c.learning not in learning) + 0.5 * (c.category not in categories)
        return need + variety - c.hours / 40

    weakest = growth[0]
    budget = float("inf") if prefs.hours_available is None else prefs.hours_available
    unique: dict[str, Candidate] = {}
    for c in sorted(candidates, key=lambda c: (c.position, c.code, c.name, c.category, c.hours)):
        unique.setdefault(c.code, c)
    pool = [
        c
        for c in unique.values()
        if c.code not in prefs.exclude
        and c.aspects & set(growth)
        and (prefs.learning == "any" or prefs.learning in c.learning)
        and c.hours <= budget
    ]
    slots = min(prefs.max_items, len(pool))
    quota = slots // 2 + 1 if clearly_weakest(scores) else 1
    owed = min(quota, sum(weakest in c.aspects for c in pool))
    mixes = MIXES_ANY + MIXES_ONE_MODE if prefs.learning == "any" else MIXES_ONE_MODE

    def kind(c: Candidate) -> Kind:
        return weakest in c.aspects, c.learning, c.category

    chosen: list[Candidate] = []
    while len(chosen) < slots:
        options = [c for c in pool if c not in chosen and c.hours <= budget]
        if not options:
            break
        allowed = keeping_mix(options, chosen, budget, slots - len(chosen), owed, mixes, kind)
        if owed:
            allowed = [c for c in allowed if weakest in c.aspects] or allowed
        pick = min(allowed, key=lambda c: (-gain(c, chosen), c.position, c.code))
        chosen.append(pick)
        owed = max(0, owed - (weakest in pick.aspects))
        budget -= pick.hours

    picked: Picked = []
    for i, c in enumerate(chosen):
        served = [a for a in growth if a in c.aspects]
        aspect = max(served, key=lambda a: (share(c, a, chosen[:i]), -growth.index(a)))
        picked.append((c.code, aspect, tuple(linked(c))))
    return picked


def keeping_mix(options, chosen, budget, slots, owed, mixes, kind) -> list[Candidate]:
    """The options after which the strongest reachable mix stays reachable (all of them if none is):
    for each option, what may follow it is the other options that fit in the hours left after it."""
    for mix in mixes:
        keeps = {}  # options of the same kind and hours get the same answer
        for c in options:
            if (kind(c), c.hours) not in keeps:
                rest = Counter(kind(x) for x in options if x is not c and x.hours <= budget - c.hours)
                after = max(0, owed - kind(c)[0])
                serving = min(after, sum(n for k, n in rest.items() if k[0]))
                keeps[kind(c), c.hours] = serving >= after and reachable(
                    chosen, kind(c), set(rest), slots - 1, after, mix
                )
        if any(keeps.values()):
            return [c for c in options if keeps[kind(c), c.hours]]
    return options


def reachable(chosen, added: Kind, rest: set[Kind], slots: int, owed: int, mix: Mix) -> bool:
    learning = {added[1], *(c.learning for c in chosen)}
    categories = {added[2], *(c.category for c in chosen)}
    return any(
        mix.met(learning | {k[1] for k in extra}, categories | {k[2] for k in extra})
        and size + max(0, owed - sum(k[0] for k in extra)) <= slots
        for size in range(4)
        for extra in combinations(rest, size)
    )


def picked(result) -> Picked:
    return [(r.code, r.aspect, r.statements) for r in result]


@st.composite
def with_history(draw: st.DrawFn, cases: st.SearchStrategy) -> tuple:
    """A case with some of its candidates done last school year (they count for half)."""
    candidates, scores, prefs = draw(cases)
    codes = [c.code for c in candidates]
    done = frozenset(draw(st.sets(st.sampled_from(codes)))) if codes else frozenset()
    return (
        candidates,
        scores,
        Preferences(prefs.learning, prefs.max_items, prefs.exclude, prefs.hours_available, done),
    )


@st.composite
def linked_cases(draw: st.DrawFn) -> tuple:
    """Random candidates linked to random statements, with answers to them or without: where covering a
    statement changes the gains of other candidates than the one chosen."""
    candidates, scores, prefs = draw(random_cases())
    stmts = [Statement(f"s{i}", draw(st.sampled_from(ASPECTS)), f"Statement {i}.") for i in range(6)]
    candidates = [
        Candidate(
            c.code,
            c.name,
            c.category,
            c.contributions,
            c.learning,
            c.hours,
            c.position,
            frozenset(draw(st.sets(st.sampled_from([s.code for s in stmts]), max_size=4))),
        )
        for c in candidates
    ]
    answers = draw(st.none() | st.fixed_dictionaries({s.code: st.none() | st.integers(1, 5) for s in stmts}))
    return candidates, scores, prefs, answers, stmts


same = settings(max_examples=150, deadline=None)


class SameAsTheDirectAlgorithmTests:
    @same
    @given(with_history(st.one_of(random_cases(), tight_cases(), real_cases())))
    def test_the_same_picks_for_aspect_scores(self, case):
        candidates, scores, prefs = case
        assert picked(recommend(candidates, scores, prefs)) == reference(candidates, scores, prefs)

    @same
    @given(linked_cases())
    def test_the_same_picks_when_candidates_share_statements(self, case):
        candidates, scores, prefs, answers, stmts = case
        result = recommend(candidates, scores, prefs, answers=answers, statements=stmts)
        assert picked(result) == reference(candidates, scores, prefs, answers, stmts)

    @same
    @given(st.one_of(any_answers(), st.sampled_from(ASPECTS).flatmap(weakest_answers)), st.data())
    def test_the_same_picks_for_answers_to_the_real_statements(self, answers, data):
        codes = [c.code for c in real()]
        prefs = Preferences(
            learning=data.draw(st.sampled_from(["any", "any", "informal", "formal"])),
            max_items=data.draw(st.integers(1, 10)),
            exclude=frozenset(data.draw(st.sets(st.sampled_from(codes), max_size=5))),
            hours_available=data.draw(st.none() | st.integers(0, 120)),
            done_before=frozenset(data.draw(st.sets(st.sampled_from(codes), max_size=5))),
        )
        scores = scores_of(answers)
        result = recommend(real(), scores, prefs, answers=answers, statements=statements())
        assert picked(result) == reference(real(), scores, prefs, answers, statements())

    def test_the_same_picks_when_many_candidates_tie(self):
        """Copies of the real catalogue (same gains, other codes and positions): the tie-break decides."""
        copies = [
            Candidate(
                f"{c.code}-{k}",
                c.name,
                c.category,
                c.contributions,
                c.learning,
                c.hours,
                c.position,
                c.statements,
            )
            for k in range(4)
            for c in real()
        ]
        for scores in (
            {"competence": 2, "identity": 4, "workfield": 3},
            {"competence": 4, "identity": 1, "workfield": 5},
        ):
            for prefs in (Preferences(max_items=10), Preferences(max_items=6, hours_available=40)):
                assert picked(recommend(copies, scores, prefs)) == reference(copies, scores, prefs)


def generated(count: int, seed: int = 16) -> list[Candidate]:
    """A seeded random catalogue like the benchmark's (bench/domain.py), linked to the real statements."""
    rng = random.Random(seed)
    modes = [frozenset({"informal"}), frozenset({"formal"}), frozenset({"informal", "formal"})]
    out = []
    for i in range(count):
        served = sorted(a for a in ASPECTS if rng.random() < 0.5) or [rng.choice(ASPECTS)]
        linked = frozenset(s.code for s in statements() if s.aspect in served and rng.random() < 0.3)
        out.append(
            Candidate(
                f"gen-{i:04d}",
                f"Generated activity {i}",
                rng.choice(CATEGORIES),
                tuple((a, f"What activity {i} does for {a}") for a in served),
                rng.choice(modes),
                rng.choice((2, 4, 6, 8, 10, 12, 16, 20, 24, 40)),
                i,
                linked,
            )
        )
    return out


class WorkTests:
    """What makes the engine fast for a large catalogue, counted rather than timed (bench/domain.py
    times it): a full rescan computes every candidate's gain at every pick, the engine far fewer."""

    @pytest.mark.parametrize(
        "scores",
        [{"competence": 2, "identity": 4, "workfield": 3}, {"competence": 4, "identity": 1, "workfield": 5}],
    )
    def test_a_pick_computes_only_the_gains_that_can_still_win(self, scores, monkeypatch):
        candidates = generated(1000)
        computed = 0
        gain = engine._Option.gain

        def counting(option, before):
            nonlocal computed
            computed += 1
            return gain(option, before)

        monkeypatch.setattr(engine._Option, "gain", counting)
        result = recommend(candidates, scores, Preferences(max_items=10))
        assert len(result) == 10
        full_rescan = sum(1000 - i for i in range(10))
        assert computed < full_rescan / 2

    def test_the_generated_catalogue_gets_the_picks_of_the_direct_algorithm(self):
        candidates = generated(150, seed=3)
        answers = {s.code: (None, 1, 2, 3, 4, 5)[i % 6] for i, s in enumerate(statements())}
        for prefs in (Preferences(max_items=10), Preferences(learning="formal", hours_available=40)):
            result = recommend(
                candidates, scores_of(answers), prefs, answers=answers, statements=statements()
            )
            assert picked(result) == reference(candidates, scores_of(answers), prefs, answers, statements())
