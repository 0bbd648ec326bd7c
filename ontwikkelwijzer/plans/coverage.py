"""Coverage of a mix of activities over aspects × categories × informal/formal: pure functions.

Used for one teacher's plan here, and for a team's plans in the team overview.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypedDict

from django.utils.translation import gettext as _

from ontwikkelwijzer.core.heat import HeatBand, HeatCell, heat_legend, heat_level
from ontwikkelwijzer.framework.models import Aspect, Category

LEARNING = ("informal", "formal")


@dataclass(frozen=True)
class Entry:
    aspects: frozenset[str]
    category: str | None  # None: the teacher's own activity, outside the framework's categories
    learning: frozenset[str]


@dataclass(frozen=True)
class Coverage:
    cells: dict[tuple[str, str, str], int]  # (aspect, category, learning) -> number of entries
    by_aspect_learning: dict[tuple[str, str], int]
    by_aspect: dict[str, int]
    by_category: dict[str, int]
    total: int


def coverage(entries: Iterable[Entry], aspects: list[str], categories: list[str]) -> Coverage:
    entries = list(entries)
    cells = {(a, c, m): 0 for a in aspects for c in categories for m in LEARNING}
    by_aspect_learning = {(a, m): 0 for a in aspects for m in LEARNING}
    for entry in entries:
        for aspect in entry.aspects:
            for mode in entry.learning:
                if entry.category is not None and (aspect, entry.category, mode) in cells:
                    cells[(aspect, entry.category, mode)] += 1
                if (aspect, mode) in by_aspect_learning:
                    by_aspect_learning[(aspect, mode)] += 1
    return Coverage(
        cells=cells,
        by_aspect_learning=by_aspect_learning,
        by_aspect={a: sum(a in e.aspects for e in entries) for a in aspects},
        by_category={c: sum(e.category == c for e in entries) for c in categories},
        total=len(entries),
    )


def coverage_from_counts(
    counts: Mapping[tuple[str, str, bool, bool], int],
    own: Mapping[str, int],
    by_category: Mapping[str, int],
    total: int,
    aspects: list[str],
    categories: list[str],
) -> Coverage:
    """The same Coverage as coverage(), from counts made elsewhere (in SQL, for a whole team).

    counts: (aspect, category, informal, formal) -> number of items of a framework activity with that aspect;
    own: aspect -> number of the teacher's own items (no category, no learning mode) with that aspect;
    by_category: category -> number of items; total: number of items (each item once, whatever its aspects).
    """
    cells = {(a, c, m): 0 for a in aspects for c in categories for m in LEARNING}
    by_aspect_learning = {(a, m): 0 for a in aspects for m in LEARNING}
    by_aspect = {a: own.get(a, 0) for a in aspects}
    for (aspect, category, informal, formal), n in counts.items():
        if aspect in by_aspect:
            by_aspect[aspect] += n
        for mode, on in zip(LEARNING, (informal, formal), strict=True):
            if not on:
                continue
            if (aspect, category, mode) in cells:
                cells[(aspect, category, mode)] += n
            if (aspect, mode) in by_aspect_learning:
                by_aspect_learning[(aspect, mode)] += n
    return Coverage(
        cells=cells,
        by_aspect_learning=by_aspect_learning,
        by_aspect=by_aspect,
        by_category={c: by_category.get(c, 0) for c in categories},
        total=total,
    )


def gaps(
    result: Coverage,
    aspect_names: Mapping[str, str],
    category_names: Mapping[str, str],
    *,
    workfield_count: int | None = None,
) -> list[str]:
    """The thin spots of a mix, in words: an aspect nobody works on, a learning mode or category missing.

    With workfield_count (the number of activities together with the work field, for a team), also when
    nobody has planned one.
    """
    if not result.total:
        return [_("Nothing is planned yet.")]
    found = []
    for aspect, name in aspect_names.items():
        if not result.by_aspect.get(aspect):
            found.append(_("No activity aimed at %(aspect)s.") % {"aspect": name})
            continue
        if not result.by_aspect_learning.get((aspect, "informal")):
            found.append(_("No informal activities aimed at %(aspect)s.") % {"aspect": name})
        if not result.by_aspect_learning.get((aspect, "formal")):
            found.append(_("No formal activities aimed at %(aspect)s.") % {"aspect": name})
    found += [
        _("No activity from the category %(category)s.") % {"category": name}
        for category, name in category_names.items()
        if not result.by_category.get(category)
    ]
    if workfield_count == 0:
        found.append(_("Nobody in the team has planned an activity with the work field."))
    return found


class CoverageRow(TypedDict):
    aspect: Aspect
    cells: list[HeatCell]
    total: int


def coverage_rows(result: Coverage, aspects: list[Aspect], categories: list[Category]) -> list[CoverageRow]:
    """The coverage as table rows: per aspect, the counts per category and learning mode in the order of
    the table's columns (category by category, informal then formal), each with its shade
    (``heat_level``), and the aspect's total."""
    counts = {
        aspect.code: [
            result.cells.get((aspect.code, c.code, mode), 0) for c in categories for mode in LEARNING
        ]
        for aspect in aspects
    }
    highest = max((n for row in counts.values() for n in row), default=0)
    return [
        {
            "aspect": aspect,
            "cells": [HeatCell(n=n, level=heat_level(n, highest)) for n in counts[aspect.code]],
            "total": result.by_aspect.get(aspect.code, 0),
        }
        for aspect in aspects
    ]


def coverage_legend(rows: list[CoverageRow]) -> list[HeatBand]:
    return heat_legend(max((cell["n"] for row in rows for cell in row["cells"]), default=0))
