"""Writes to the framework tables: loading a framework file."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from ontwikkelwijzer.framework import models, own_activities
from ontwikkelwijzer.framework.schema import FrameworkFile, parse_framework_file
from ontwikkelwijzer.framework.search import index_text
from ontwikkelwijzer.framework.selectors import framework_marker_forget, framework_snapshot_forget


@dataclass(frozen=True)
class LoadResult:
    framework: models.Framework
    created: bool
    changed: bool
    own_left_out: list[str] = field(default_factory=list)  # schools' own activities not carried over


def _content(data: FrameworkFile) -> dict[str, object]:
    """The passages kept as a whole on the Framework row."""
    dumped = data.model_dump(mode="json")
    keys = (
        "texts",
        "learning_modes",
        "audiences",
        "phase1_overview",
        "phase1_by_category",
        "corrections",
        "scan_statements",
    )
    return {"authors": data.framework.authors, **{key: dumped[key] for key in keys}}


def _upsert[M: (models.Aspect, models.Category, models.Source, models.Activity, models.ScanStatement)](
    model: type[M], framework: models.Framework, rows: list[dict[str, Any]]
) -> dict[str, M]:
    """Create or update rows by (framework, code); delete the ones the file no longer has."""
    existing = {obj.code: obj for obj in model.objects.filter(framework=framework)}
    result: dict[str, M] = {}
    for row in rows:
        obj = existing.pop(row["code"], None) or model(framework=framework, code=row["code"])
        for name, value in row.items():
            setattr(obj, name, value)
        obj.save()
        result[obj.code] = obj
    if existing:
        model.objects.filter(pk__in=[obj.pk for obj in existing.values()]).delete()
    return result


DEFAULT_HOURS = {"informal": 8, "formal": 16}


def default_hours(learning: Iterable[str]) -> int:
    """An activity's estimated hours when the file gives none: by learning mode (informal 8, formal 16)."""
    return max(DEFAULT_HOURS[mode] for mode in learning)


def framework_load(*, path: Path | str) -> LoadResult:
    """Validate and load a framework file in one transaction.

    Loading the same file twice changes nothing. A file with a version not yet loaded is added beside
    the versions already there; those are never touched.
    """
    path = Path(path)
    data = parse_framework_file(path)
    checksum = hashlib.sha256(path.read_bytes()).hexdigest()
    meta = data.framework
    with transaction.atomic():
        previous = models.Framework.objects.order_by("-version").first()
        framework, created = models.Framework.objects.select_for_update().get_or_create(
            code=meta.id,
            version=meta.version,
            defaults={
                "title": meta.title,
                "published": meta.published,
                "summary": meta.summary,
                "checksum": "",
            },
        )
        if framework.checksum == checksum:
            return LoadResult(framework=framework, created=False, changed=False)
        framework.title = meta.title
        framework.subtitle = meta.subtitle
        framework.published = meta.published
        framework.summary = meta.summary
        framework.content = _content(data)
        framework.checksum = checksum
        framework.save()

        aspects = _upsert(models.Aspect, framework, [a.model_dump(mode="json") for a in data.aspects])
        categories = _upsert(
            models.Category,
            framework,
            [
                {**c.model_dump(mode="json"), "literature_label": c.literature_label or ""}
                for c in data.categories
            ],
        )
        sources = _upsert(models.Source, framework, [s.model_dump(mode="json") for s in data.sources])
        activities = _upsert(
            models.Activity,
            framework,
            [
                {
                    "code": a.code,
                    "name": a.name,
                    "category": categories[a.category.value],
                    "position": position,
                    "informal": "informal" in a.learning,
                    "formal": "formal" in a.learning,
                    "involves_workfield": a.involves_workfield,
                    "touches_curriculum": a.touches_curriculum,
                    "estimated_hours": a.estimated_hours or default_hours(a.learning),
                    "search_name": index_text([a.name]),
                    "search_body": index_text(a.contributions.model_dump().values()),
                }
                for position, a in enumerate(data.activities, start=1)
            ],
        )
        # The framework's own activities only: a school's own ones (framework.own_activities) stay.
        models.Contribution.objects.filter(
            activity__framework=framework, activity__organisation=None
        ).delete()
        models.ActivitySource.objects.filter(activity__framework=framework).delete()
        models.Contribution.objects.bulk_create(
            models.Contribution(activity=activities[a.code], aspect=aspects[aspect], text=text)
            for a in data.activities
            for aspect, text in a.contributions.model_dump().items()
            if text is not None
        )
        statements = _upsert(
            models.ScanStatement,
            framework,
            [
                {"code": st.code, "aspect": aspects[st.aspect.value], "text": st.text, "position": position}
                for position, st in enumerate(data.scan_statements, start=1)
            ],
        )
        for st in data.scan_statements:
            statements[st.code].activities.set([activities[code] for code in st.activities])
        left_out = []
        if created and previous is not None and framework.version > previous.version:
            left_out = own_activities.carry_over(previous=previous, new=framework)
        models.ActivitySource.objects.bulk_create(
            models.ActivitySource(
                activity=activities[a.code], source=sources[ref.source], note=ref.note, position=i
            )
            for a in data.activities
            for i, ref in enumerate(a.sources)
        )
    framework_marker_forget()
    framework_snapshot_forget()
    return LoadResult(framework=framework, created=created, changed=True, own_left_out=left_out)
