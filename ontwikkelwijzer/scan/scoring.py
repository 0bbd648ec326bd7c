"""Scan scoring: pure functions from answers to a profile per aspect."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

STRONG = 4.0  # from this score on an aspect counts as a strength


@dataclass(frozen=True)
class AspectScore:
    aspect: str
    score: float | None  # mean of the answers on 1-5, one decimal; None when nothing applied
    answered: int


def aspect_scores(
    answers: Mapping[str, int | None], statement_aspects: Mapping[str, str], aspect_order: list[str]
) -> list[AspectScore]:
    """Mean answer per aspect, in the given order of aspects. 'Not applicable' answers are left out."""
    values: dict[str, list[int]] = defaultdict(list)
    for statement, value in answers.items():
        if value is not None and statement in statement_aspects:
            values[statement_aspects[statement]].append(value)
    return [
        AspectScore(
            aspect,
            round(sum(values[aspect]) / len(values[aspect]), 1) if values[aspect] else None,
            len(values[aspect]),
        )
        for aspect in aspect_order
    ]


def strengths(scores: list[AspectScore]) -> list[str]:
    return [s.aspect for s in scores if s.score is not None and s.score >= STRONG]


def growth_areas(scores: list[AspectScore]) -> list[str]:
    """Aspects below a strength, weakest first; when all are strong, those below the top of the scale."""
    scored = sorted(((s.score, s.aspect) for s in scores if s.score is not None), key=lambda pair: pair[0])
    below = [aspect for score, aspect in scored if score < STRONG]
    return below or [aspect for score, aspect in scored if score < 5]


def score_changes(before: list[AspectScore], after: list[AspectScore]) -> dict[str, float | None]:
    """Per aspect, how much the score moved between two scans (None where either has no score)."""
    earlier = {s.aspect: s.score for s in before}
    return {
        s.aspect: round(s.score - previous, 1)
        if s.score is not None and (previous := earlier.get(s.aspect)) is not None
        else None
        for s in after
    }
