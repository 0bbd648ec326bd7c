"""The schema of a framework data file, and its validation.

A file is refused as a whole when anything in it is wrong; each problem is reported with the file,
the activity (or other item) and the field it concerns.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from ontwikkelwijzer.framework.constants import AspectCode, CategoryCode, LearningMode, SourceKind

CODE_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FrameworkMeta(Strict):
    id: str = Field(pattern=CODE_PATTERN)
    version: str = Field(pattern=r"^\d{4}-\d{2}$")
    title: str = Field(min_length=1)
    subtitle: str = ""
    published: str
    authors: list[str] = []
    summary: str = Field(min_length=1)


class Text(Strict):
    title: str = Field(min_length=1)
    body: str = Field(min_length=1)


class Aspect(Strict):
    code: AspectCode
    number: int = Field(ge=1)
    name: str = Field(min_length=1)
    short_name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    appendix_name: str = Field(min_length=1)


class Category(Strict):
    code: CategoryCode
    number: int = Field(ge=1)
    name: str = Field(min_length=1)
    short_name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    literature_label: str | None = None


class LearningModeText(Strict):
    code: LearningMode
    mark: Literal["I", "F"]
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)


class Audience(Strict):
    code: Literal["teacher", "team_leader", "hr_policy", "curriculum", "workfield_partner"]
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)


class Source(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    kind: SourceKind
    short: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    language: Literal["nl", "en"] = "nl"  # of the citation: a screen reader reads an English title in English
    findings: dict[CategoryCode, list[str]] = {}


class SourceRef(Strict):
    source: str
    note: str = ""


class Contributions(Strict):
    competence: str | None
    identity: str | None
    workfield: str | None


class Activity(Strict):
    code: str = Field(pattern=CODE_PATTERN, max_length=60)
    name: str = Field(min_length=1, max_length=200)
    category: CategoryCode
    learning: list[LearningMode] = Field(min_length=1, max_length=2)
    involves_workfield: bool
    # Our classification: the activity works on the curriculum, an education programme, assessment or
    # examination, or students' assignments. Strict: only a YAML true/false, never "ja" or 1.
    touches_curriculum: StrictBool = False
    estimated_hours: int | None = Field(default=None, ge=1, le=400)
    contributions: Contributions
    sources: list[SourceRef] = []


class Mention(Strict):
    label: str = Field(min_length=1)
    activity: str | None


class Phase1Row(Strict):
    aspect: AspectCode
    formal: list[Mention]
    informal: list[Mention]


class Phase1Overview(Strict):
    source: str
    rows: list[Phase1Row]


class Correction(Strict):
    where: str
    original: str
    corrected: str
    note: str = ""


class ScanStatement(Strict):
    code: str = Field(pattern=CODE_PATTERN)
    aspect: AspectCode
    text: str = Field(min_length=1)
    activities: list[str] = Field(min_length=1)


class FrameworkFile(Strict):
    framework: FrameworkMeta
    texts: dict[str, Text]
    aspects: list[Aspect] = Field(min_length=1)
    categories: list[Category] = Field(min_length=1)
    learning_modes: list[LearningModeText] = Field(min_length=2, max_length=2)
    audiences: list[Audience]
    sources: list[Source]
    activities: list[Activity] = Field(min_length=1)
    phase1_overview: Phase1Overview | None = None
    phase1_by_category: dict[CategoryCode, list[Mention]] = {}
    corrections: list[Correction] = []
    scan_statements: list[ScanStatement] = []


@dataclass(frozen=True)
class Problem:
    where: str
    message: str


class FrameworkFileError(Exception):
    """A framework file that can't be loaded; ``problems`` says what and where."""

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.path = str(path)
        self.problems = problems
        lines = [f"{self.path}: {p.where}: {p.message}" for p in problems]
        super().__init__("\n".join(lines))


SINGULAR = {
    "activities": "activity",
    "aspects": "aspect",
    "categories": "category",
    "sources": "source",
    "audiences": "audience",
    "learning_modes": "learning mode",
    "scan_statements": "scan statement",
    "corrections": "correction",
}


def _describe_location(raw: object, loc: tuple) -> str:
    """Turn a pydantic error location into words: 'activity docentstage, field learning'."""
    parts: list[str] = []
    node = raw
    i = 0
    while i < len(loc):
        key = loc[i]
        child = node.get(key) if isinstance(node, dict) and isinstance(key, str) else None
        if (
            isinstance(key, str)
            and isinstance(child, list)
            and i + 1 < len(loc)
            and isinstance(loc[i + 1], int)
        ):
            index = loc[i + 1]
            item = child[index] if index < len(child) else None
            if isinstance(item, dict):
                label = item.get("code") or f"#{index + 1}"
                parts.append(f"{SINGULAR.get(key, key)} {label}")
            else:
                parts.append(f"field {key}, item {index + 1}")
            node = item
            i += 2
            continue
        parts.append(f"field {key}")
        node = child
        i += 1
    return ", ".join(parts) or "file"


def _cross_checks(data: FrameworkFile) -> list[Problem]:
    problems: list[Problem] = []

    def unique(kind: str, codes: list[str]) -> set[str]:
        seen: set[str] = set()
        for code in codes:
            if code in seen:
                problems.append(Problem(f"{kind} {code}", f"duplicate code {code!r}"))
            seen.add(code)
        return seen

    aspect_codes = unique("aspect", [a.code.value for a in data.aspects])
    category_codes = unique("category", [c.code.value for c in data.categories])
    source_codes = unique("source", [s.code for s in data.sources])
    activity_codes = unique("activity", [a.code for a in data.activities])
    unique("learning mode", [m.code.value for m in data.learning_modes])
    unique("audience", [a.code for a in data.audiences])
    unique("scan statement", [s.code for s in data.scan_statements])

    for activity in data.activities:
        where = f"activity {activity.code}"
        if activity.category.value not in category_codes:
            problems.append(
                Problem(f"{where}, field category", f"unknown category {activity.category.value!r}")
            )
        if len(set(activity.learning)) != len(activity.learning):
            problems.append(Problem(f"{where}, field learning", "a learning mode is listed twice"))
        texts = activity.contributions.model_dump()
        for aspect, text in texts.items():
            if text is not None and aspect not in aspect_codes:
                problems.append(
                    Problem(f"{where}, field contributions.{aspect}", f"unknown aspect {aspect!r}")
                )
            if text is not None and not text.strip():
                problems.append(Problem(f"{where}, field contributions.{aspect}", "empty text; use null"))
        if not any(texts.values()):
            problems.append(Problem(f"{where}, field contributions", "contributes to no aspect"))
        for ref in activity.sources:
            if ref.source not in source_codes:
                problems.append(Problem(f"{where}, field sources", f"unknown source {ref.source!r}"))

    mentions: list[tuple[str, str | None]] = []
    if data.phase1_overview:
        if data.phase1_overview.source not in source_codes:
            problems.append(
                Problem("phase1_overview, field source", f"unknown source {data.phase1_overview.source!r}")
            )
        for row in data.phase1_overview.rows:
            mentions += [
                (f"phase1_overview {row.aspect.value}", m.activity) for m in row.formal + row.informal
            ]
    for category, items in data.phase1_by_category.items():
        mentions += [(f"phase1_by_category {category.value}", m.activity) for m in items]
    for where, code in mentions:
        if code is not None and code not in activity_codes:
            problems.append(Problem(f"{where}, field activity", f"unknown activity {code!r}"))
    for statement in data.scan_statements:
        for code in statement.activities:
            if code not in activity_codes:
                problems.append(
                    Problem(
                        f"scan statement {statement.code}, field activities", f"unknown activity {code!r}"
                    )
                )
    return problems


def parse_framework_file(path: Path | str) -> FrameworkFile:
    """Read and validate a framework file; raise FrameworkFileError naming every problem found."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FrameworkFileError(path, [Problem("file", f"can't be read: {exc.strerror or exc}")]) from exc
    except UnicodeDecodeError as exc:
        raise FrameworkFileError(path, [Problem("file", "is not UTF-8 text")]) from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        raise FrameworkFileError(
            path, [Problem(where, f"not valid YAML: {getattr(exc, 'problem', exc)}")]
        ) from exc
    if not isinstance(raw, dict):
        raise FrameworkFileError(
            path, [Problem("file", "must hold a mapping with the keys framework, aspects, …")]
        )
    try:
        data = FrameworkFile.model_validate(raw)
    except ValidationError as exc:
        problems = [Problem(_describe_location(raw, tuple(err["loc"])), err["msg"]) for err in exc.errors()]
        raise FrameworkFileError(path, problems) from exc
    problems = _cross_checks(data)
    if problems:
        raise FrameworkFileError(path, problems)
    return data
