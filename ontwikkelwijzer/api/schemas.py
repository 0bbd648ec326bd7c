from typing import Literal

from ninja import Schema


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
