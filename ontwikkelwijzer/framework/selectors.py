"""Reads from the framework tables, shared by the pages, the API and the exports."""

import re
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import Http404

from ontwikkelwijzer.core.prefetch import prefetched
from ontwikkelwijzer.framework import extensions, models
from ontwikkelwijzer.framework.complements import Profile
from ontwikkelwijzer.framework.filters import CatalogueFilters
from ontwikkelwijzer.framework.search import Index, index_text, parse_query, surface_words


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


def framework_marker(*, fresh: bool = False) -> str:
    """A short value that changes whenever the framework shown changes: its version and checksum.

    Read with one small query, then remembered in this process for FRAMEWORK_MARKER_SECONDS, so a
    cached page costs no query at all; loading a framework forgets it at once in the loading process,
    and every other process reads the new value within FRAMEWORK_MARKER_SECONDS of the load's commit
    (what it remembers was read before). ``fresh=True`` asks the database even while a value is
    remembered, and remembers the answer: the page cache (framework.cache) checks with it, before
    storing a page, that the framework did not change while the page was built.
    """
    global _marker
    now = time.monotonic()
    if not fresh and _marker is not None and _marker[1] > now:
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
    """The framework shown, without a query while the marker is remembered (``framework_marker``)."""
    global _current
    marker = framework_marker()
    if _current is not None and _current[0] == marker:
        return _current[1]
    framework = framework_current()
    if framework is None:
        raise Http404("No framework has been loaded.")
    _current = (marker, framework)
    return framework


_current: tuple[str, models.Framework] | None = None


@dataclass(frozen=True)
class Structure:
    """The framework's fixed parts."""

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


@dataclass(frozen=True)
class Snapshot:
    """Everything read of one framework version, read once per process and then shared by every request
    (every page, the API, the scan and its recommendations show the same framework to everyone).

    A version's rows change only when ``load_framework`` loads a changed file, which changes its checksum,
    so the snapshot is kept per framework and checksum; a school's own activities are never in it. The
    instances are shared between requests: read them, never change them.
    """

    structure: Structure
    activities: tuple[models.Activity, ...]  # in the framework's order; category, contributions, sources
    by_code: dict[str, models.Activity]
    by_pk: dict[int, models.Activity]
    profiles: tuple[Profile, ...]
    category_aspect_counts: dict[tuple[str, str], int]
    statements: tuple[models.ScanStatement, ...]  # the self-scan's, in order, each with its aspect
    statements_of: dict[str, frozenset[str]]  # activity code -> the codes of the statements it addresses
    # What the pages and the API derive from this version and keep for the next request: HTML rendered from
    # framework texts only (per language), the API's documents; never anything of a person.
    memo: dict[tuple[str | bool, ...], Any] = field(default_factory=dict, compare=False)


_snapshots: dict[tuple[int, str], Snapshot] = {}
SNAPSHOTS_KEPT = 4  # versions a process keeps at once (the current one, and older plans' versions)


def framework_snapshot(*, framework: models.Framework) -> Snapshot:
    key = (framework.pk, framework.checksum)
    snapshot = _snapshots.get(key)
    if snapshot is None:
        snapshot = _snapshot_build(framework)
        # A load that committed while the rows were read would leave a mix of two files under the old
        # checksum (and that file may be loaded again one day): keep only what was read of one version.
        checksum = models.Framework.objects.filter(pk=framework.pk).values_list("checksum", flat=True).first()
        if checksum == framework.checksum:
            if len(_snapshots) >= SNAPSHOTS_KEPT:
                _snapshots.clear()
            _snapshots[key] = snapshot
    return snapshot


def framework_snapshot_forget() -> None:
    """Forget every snapshot and the current framework (after a load in this process, and between tests)."""
    global _current
    _snapshots.clear()
    _current = None


def _snapshot_build(framework: models.Framework) -> Snapshot:
    structure = Structure(
        framework=framework,
        aspects=list(framework.aspects.all()),
        categories=list(framework.categories.all()),
        sources=list(framework.sources.all()),
    )
    aspects = {a.pk: a for a in structure.aspects}
    categories = {c.pk: c for c in structure.categories}
    sources = {s.pk: s for s in structure.sources}
    activities = list(models.Activity.objects.filter(framework=framework))
    by_pk = {a.pk: a for a in activities}
    contributions: dict[int, list[models.Contribution]] = {pk: [] for pk in by_pk}
    for c in models.Contribution.objects.filter(activity__in=activities):
        c.aspect = aspects[c.aspect_id]
        c.activity = by_pk[c.activity_id]
        contributions[c.activity_id].append(c)
    links: dict[int, list[models.ActivitySource]] = {pk: [] for pk in by_pk}
    for link in models.ActivitySource.objects.filter(activity__in=activities):
        link.source = sources[link.source_id]
        links[link.activity_id].append(link)
    statements = list(models.ScanStatement.objects.filter(framework=framework))
    for statement in statements:
        statement.aspect = aspects[statement.aspect_id]
    statement_codes = {st.pk: st.code for st in statements}
    statements_of: dict[str, set[str]] = {}
    for statement_id, activity_id in models.ScanStatement.activities.through.objects.filter(
        scanstatement__framework=framework
    ).values_list("scanstatement_id", "activity_id"):
        if activity_id in by_pk:
            statements_of.setdefault(by_pk[activity_id].code, set()).add(statement_codes[statement_id])
    counts: dict[tuple[str, str], int] = {}
    for a in activities:
        a.category = categories[a.category_id]
        prefetched(a, "contributions", contributions[a.pk])
        prefetched(a, "source_links", links[a.pk])
        for aspect in {c.aspect.code for c in contributions[a.pk]}:
            counts[(a.category.code, aspect)] = counts.get((a.category.code, aspect), 0) + 1
    return Snapshot(
        structure=structure,
        activities=tuple(activities),
        by_code={a.code: a for a in activities},
        by_pk=by_pk,
        profiles=tuple(
            Profile(
                code=a.code,
                category=a.category.code,
                aspects=frozenset(c.aspect.code for c in contributions[a.pk]),
                learning=frozenset(a.learning),
                position=a.position,
            )
            for a in activities
        ),
        category_aspect_counts=counts,
        statements=tuple(statements),
        statements_of={code: frozenset(found) for code, found in statements_of.items()},
    )


def framework_structure(*, framework: models.Framework) -> Structure:
    return framework_snapshot(framework=framework).structure


def activity_list(
    *, framework: models.Framework, filters: CatalogueFilters | None = None
) -> list[models.Activity]:
    """Activities matching the filters: in the framework's order, or by relevance when there is a search."""
    filters = filters or CatalogueFilters()
    snapshot = framework_snapshot(framework=framework)
    query = parse_query(filters.q)
    if not query:
        return [a for a in snapshot.activities if _matches(a, filters)]
    # Rank the filtered rows by the stemmed words stored on load, through the snapshot's index of them.
    index = search_index(snapshot)
    scored = [
        (relevance, a.position, a)
        for relevance, a in zip(index.scores(query), snapshot.activities, strict=True)
        if relevance > 0 and _matches(a, filters)
    ]
    return [a for _relevance, _position, a in sorted(scored, key=lambda item: (-item[0], item[1]))]


def search_index(snapshot: Snapshot) -> Index:
    """The snapshot's search index, made on its first search: per activity the words stored on load (its
    name; its contributions), and what the catalogue also shows of it (its category, the aspects it
    contributes to) and what other apps add (``extensions.add_search_words``)."""
    index = snapshot.memo.get(("search-index",))
    if index is None:
        extra = extensions.search_words()

        def shown(activity: models.Activity) -> list[str]:
            category = activity.category
            aspects = [c.aspect for c in activity.contributions.all()]
            return [category.name, category.short_name, *(t for a in aspects for t in (a.name, a.short_name))]

        documents, surface = [], []
        for a in snapshot.activities:
            more = [*shown(a), *extra.get(a.code, [])]
            documents.append((a.search_name, f"{a.search_body} {index_text(more)}"))
            surface += surface_words(" ".join([a.name, *(c.text for c in a.contributions.all()), *more]))
        index = snapshot.memo[("search-index",)] = Index(documents, surface)
    return index


def search_suggestion(*, framework: models.Framework, text: str) -> str | None:
    """A search text nearer the framework's words, for a search that found nothing ("Did you mean …?")."""
    return search_index(framework_snapshot(framework=framework)).suggest(text)


def _matches(activity: models.Activity, filters: CatalogueFilters) -> bool:
    if filters.aspect and all(c.aspect.code != filters.aspect for c in activity.contributions.all()):
        return False
    if filters.category and activity.category.code != filters.category:
        return False
    if filters.learning and not getattr(activity, filters.learning):
        return False
    return filters.workfield is None or activity.involves_workfield == filters.workfield


def activity_get(*, framework: models.Framework, code: str) -> models.Activity:
    activity = framework_snapshot(framework=framework).by_code.get(code)
    if activity is None:
        raise Http404("Unknown activity.")
    return activity


def category_aspect_counts(*, framework: models.Framework) -> dict[tuple[str, str], int]:
    """How many activities of each category contribute to each aspect."""
    return framework_snapshot(framework=framework).category_aspect_counts


def activity_profiles(*, framework: models.Framework) -> list[Profile]:
    """Every activity's category, aspects and learning modes as plain data."""
    return list(framework_snapshot(framework=framework).profiles)


def activities_by_code(*, framework: models.Framework, codes: list[str]) -> dict[str, models.Activity]:
    by_code = framework_snapshot(framework=framework).by_code
    return {code: by_code[code] for code in codes if code in by_code}
