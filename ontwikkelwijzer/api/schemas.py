from typing import Annotated, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field


class FrameworkMetaOut(Schema):
    id: str
    version: str
    title: str
    subtitle: str
    published: str
    authors: list[str]
    summary: str


class NamedOut(Schema):
    code: str
    number: int
    name: str
    short_name: str
    description: str


class SourceRefOut(Schema):
    source: str
    note: str


class ContributionsOut(Schema):
    competence: str | None
    identity: str | None
    workfield: str | None


class ActivityOut(Schema):
    code: str
    name: str
    category: str
    learning: list[Literal["informal", "formal"]]
    involves_workfield: bool
    contributions: ContributionsOut
    sources: list[SourceRefOut]


class SourceOut(Schema):
    code: str
    kind: str
    short: str
    citation: str
    findings: dict[str, list[str]]


class FrameworkOut(Schema):
    framework: FrameworkMetaOut
    aspects: list[NamedOut]
    categories: list[NamedOut]
    learning_modes: list[dict]
    audiences: list[dict]
    sources: list[SourceOut]
    activities: list[ActivityOut]
    phase1_overview: dict | None
    texts: dict[str, dict]
    corrections: list[dict]


class ActivityListOut(Schema):
    activities: list[ActivityOut]
    ignored: list[str]


class ErrorOut(Schema):
    detail: str


def _not_a_bool(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("a number is expected, not true/false")
    return value


# JSON integers (4 and 4.0 alike), but never true/false, which Python would take for 1/0.
Score = Annotated[int, Field(ge=1, le=5), BeforeValidator(_not_a_bool)]
ItemCount = Annotated[int, Field(ge=1, le=10), BeforeValidator(_not_a_bool)]
Hours = Annotated[int, Field(ge=0, le=2000), BeforeValidator(_not_a_bool)]


class ScoresIn(Schema):
    model_config = {"extra": "forbid"}

    competence: Score | None = None
    identity: Score | None = None
    workfield: Score | None = None


class PreferencesIn(Schema):
    model_config = {"extra": "forbid"}

    learning: Literal["informal", "formal", "any"] = "any"
    max_items: ItemCount = 5
    exclude: list[str] = Field(default_factory=list, max_length=200)
    hours_available: Hours | None = None


class RecommendationsIn(Schema):
    model_config = {"extra": "forbid"}

    scores: ScoresIn
    preferences: PreferencesIn = Field(default_factory=PreferencesIn)


class RecommendationOut(Schema):
    activity: str
    name: str
    aspects: list[str]
    learning: list[Literal["informal", "formal"]]
    category: str
    hours: int
    reason: str


class RecommendationsOut(Schema):
    items: list[RecommendationOut]


class ValidationErrorOut(Schema):
    detail: list[dict]
