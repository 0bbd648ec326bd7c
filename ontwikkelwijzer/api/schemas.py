from typing import Annotated, Literal

from ninja import Schema
from pydantic import BeforeValidator, Field, field_validator
from pydantic.json_schema import SkipJsonSchema


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


class ScanStatementOut(Schema):
    code: str
    aspect: str
    text: str
    activities: list[str]


class FrameworkOut(Schema):
    framework: FrameworkMetaOut
    aspects: list[NamedOut]
    categories: list[NamedOut]
    learning_modes: list[dict]
    audiences: list[dict]
    sources: list[SourceOut]
    activities: list[ActivityOut]
    scan_statements: list[ScanStatementOut]
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
        raise ValueError("Moet een getal zijn, niet true of false.")
    return value


# JSON integers (4 and 4.0 alike), but never true/false, which Python would take for 1/0.
Score = Annotated[int, Field(ge=1, le=5), BeforeValidator(_not_a_bool)]
ItemCount = Annotated[int, Field(ge=1, le=10), BeforeValidator(_not_a_bool)]
Hours = Annotated[int, Field(ge=0, le=2000), BeforeValidator(_not_a_bool)]


Answers = Annotated[dict[str, Score | None], Field(min_length=1, max_length=100)]


class ScoresIn(Schema):
    model_config = {"extra": "forbid", "json_schema_extra": {"minProperties": 1}}

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
    """Aspect scores, answers per scan statement, or both: where an aspect has a score, it is the
    profile for that aspect; elsewhere the mean of the answers to its statements is."""

    model_config = {
        "extra": "forbid",
        "json_schema_extra": {"anyOf": [{"required": ["scores"]}, {"required": ["answers"]}]},
    }

    scores: ScoresIn | SkipJsonSchema[None] = None
    answers: Answers | SkipJsonSchema[None] = None
    preferences: PreferencesIn = Field(default_factory=PreferencesIn)

    @field_validator("scores", "answers", mode="before")
    @classmethod
    def not_null(cls, value: object) -> object:
        if value is None:
            raise ValueError("Laat het veld weg in plaats van null.")
        return value


class RecommendationOut(Schema):
    activity: str
    name: str
    aspect: str
    aspects: list[str]
    statements: list[str]
    learning: list[Literal["informal", "formal"]]
    category: str
    hours: int
    reason: str


class RecommendationsOut(Schema):
    items: list[RecommendationOut]


class ValidationErrorOut(Schema):
    detail: list[dict]
