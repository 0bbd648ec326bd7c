"""Coverage of a mix of activities over aspects × categories × informal/formal: pure functions.

Used for one teacher's plan here, and for a team's plans in the team overview.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

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


def gaps(result: Coverage, aspect_names: Mapping[str, str], category_names: Mapping[str, str]) -> list[str]:
    """The thin spots of a mix, in words: an aspect nobody works on, a learning mode or category missing."""
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
    return found
