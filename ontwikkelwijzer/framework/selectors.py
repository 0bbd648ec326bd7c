"""Reads from the framework tables, shared by the pages, the API and the exports."""

import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from ontwikkelwijzer.framework import models
from ontwikkelwijzer.framework.complements import Profile
from ontwikkelwijzer.framework.filters import CatalogueFilters
from ontwikkelwijzer.framework.search import parse_query, score


def framework_current(*, version: str | None = None) -> models.Framework | None:
    """The framework shown: the version asked for, the configured one, or else the newest loaded."""
    wanted = version or settings.FRAMEWORK_VERSION
    if wanted and not VERSION_RE.fullmatch(wanted):
        return None  # never hand odd input (a NUL byte, say) to the database
    frameworks = models.Framework.objects.order_by("-version")
    if wanted:
        return frameworks.filter(version=wanted).first()
    return frameworks.first()


_marker: tuple[str, float] | None = None
VERSION_RE = re.compile(r"\d{4}-\d{2}", re.ASCII)


def framework_marker() -> str:
    """A short value that changes whenever the framework shown changes.

    Read with one small query, then remembered in this process for FRAMEWORK_MARKER_SECONDS, so a
    cached page costs no query at all; loading a framework forgets it at once in the loading process.
    """
    global _marker
    now = time.monotonic()
    if _marker is not None and _marker[1] > now:
        return _marker[0]
    frameworks = models.Framework.objects.order_by("-version")
    if settings.FRAMEWORK_VERSION:
        frameworks = frameworks.filter(version=settings.FRAMEWORK_VERSION)
    row = frameworks.values_list("version", "checksum").first()
    value = ":".join(row) if row else "none"
    _marker = (value, now + settings.FRAMEWORK_MARKER_SECONDS)
    return value


def framework_marker_forget() -> None:
    global _marker
    _marker = None


def framework_get_current() -> models.Framework:
    framework = framework_current()
    if framework is None:
        raise Http404("No framework has been loaded.")
    return framework


@dataclass(frozen=True)
class Structure:
    """The framework's fixed parts, read once per request."""

    framework: models.Framework
    aspects: list[models.Aspect]
    categories: list[models.Category]
    sources: list[models.Source]

    @property
    def aspect_codes(self) -> list[str]:
        return [a.code for a in self.aspects]

    @property
    def category_codes(self) -> list[str]:
        return [c.code for c in self.categories]


def framework_structure(*, framework: models.Framework) -> Structure:
    return Structure(
        framework=framework,
        aspects=list(framework.aspects.all()),
        categories=list(framework.categories.all()),
        sources=list(framework.sources.all()),
    )


def _activities(framework: models.Framework) -> QuerySet[models.Activity]:
    return (
        models.Activity.objects.filter(framework=framework)
        .select_related("category")
        .prefetch_related(
            Prefetch("contributions", queryset=models.Contribution.objects.select_related("aspect")),
            Prefetch("source_links", queryset=models.ActivitySource.objects.select_related("source")),
        )
    )


def activity_list(
    *, framework: models.Framework, filters: CatalogueFilters | None = None
) -> list[models.Activity]:
    """Activities matching the filters: in the framework's order, or by relevance when there is a search."""
    filters = filters or CatalogueFilters()
    qs = _activities(framework)
    if filters.aspect:
        qs = qs.filter(contributions__aspect__code=filters.aspect)
    if filters.category:
        qs = qs.filter(category__code=filters.category)
    if filters.learning:
        qs = qs.filter(**{filters.learning: True})
    if filters.workfield is not None:
        qs = qs.filter(involves_workfield=filters.workfield)
    activities = list(qs)
    query = parse_query(filters.q)
    if not query:
        return activities
    # Rank in Python over the filtered rows, using the stemmed words stored on load.
    scored = [(score(query, a.search_name, a.search_body), a.position, a) for a in activities]
    return [a for relevance, _, a in sorted(scored, key=lambda item: (-item[0], item[1])) if relevance > 0]


def activity_get(*, framework: models.Framework, code: str) -> models.Activity:
    activity = _activities(framework).filter(code=code).first()
    if activity is None:
        raise Http404("Unknown activity.")
    return activity


def category_aspect_counts(*, framework: models.Framework) -> dict[tuple[str, str], int]:
    """How many activities of each category contribute to each aspect, counted in SQL."""
    rows = (
        models.Contribution.objects.filter(activity__framework=framework)
        .values("activity__category__code", "aspect__code")
        .annotate(n=Count("activity", distinct=True))
    )
    return {(row["activity__category__code"], row["aspect__code"]): row["n"] for row in rows}


def activity_profiles(*, framework: models.Framework) -> list[Profile]:
    """Every activity's category, aspects and learning modes as plain data (no model instances)."""
    aspects: dict[str, set[str]] = {}
    for code, aspect in models.Contribution.objects.filter(activity__framework=framework).values_list(
        "activity__code", "aspect__code"
    ):
        aspects.setdefault(code, set()).add(aspect)
    rows = models.Activity.objects.filter(framework=framework).values_list(
        "code", "category__code", "informal", "formal", "position"
    )
    return [
        Profile(
            code=code,
            category=category,
            aspects=frozenset(aspects.get(code, ())),
            learning=frozenset(m for m, on in (("informal", informal), ("formal", formal)) if on),
            position=position,
        )
        for code, category, informal, formal, position in rows
    ]


def activities_by_code(*, framework: models.Framework, codes: list[str]) -> dict[str, models.Activity]:
    return {
        a.code: a
        for a in models.Activity.objects.filter(framework=framework, code__in=codes).select_related(
            "category"
        )
    }
