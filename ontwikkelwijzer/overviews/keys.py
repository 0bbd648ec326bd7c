"""The names of the overview counters and of the groups they are counted for, defined once.

A group row (``GroupStats``: a team, or the whole organisation, in a school year) is a ``GroupKey``;
``UserStats.contributions`` stores it as text (``str(key)``, read back with ``GroupKey.parse``).

A counter in a row's counts is either a plain one ("plans", "total", "scan", ...) or one of a family,
named by a ``Name`` and its parts: ``Name.ACTIVITY.of("plg")`` is the number of counted items of the
activity, stored as "act:plg", and ``Counter.parse`` (or ``of_kind``) reads such a name back. Nothing else
builds or splits these strings.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Self

SEPARATOR = ":"


@dataclass(frozen=True, slots=True)
class GroupKey:
    organisation: int
    team: int | None  # None: the row of the whole organisation
    school_year: str  # "" for the row without a year (the number of teachers)

    def __str__(self) -> str:
        return SEPARATOR.join((str(self.organisation), str(self.team or ""), self.school_year))

    @classmethod
    def parse(cls, text: str) -> Self:
        organisation, team, school_year = text.split(SEPARATOR)
        return cls(int(organisation), int(team) if team else None, school_year)


class Name(StrEnum):
    """The counters that come in families, by what follows the kind in their name."""

    STATUS = "status"  # :<item status>, items
    ACTIVITY = "act"  # :<activity code>, counted items
    ACTIVITY_PEOPLE = "actp"  # :<activity code>, teachers with such an item
    CATEGORY = "cat"  # :<category code>, counted items
    OWN = "own"  # :<aspect>, counted items of activities of the teacher's own making
    OWN_PEOPLE = "ownp"  # :<aspect>, teachers with such an item
    COVERAGE = "cov"  # :<aspect>:<category>:<informal 0/1>:<formal 0/1>, counted items
    COVERAGE_PEOPLE = "covp"  # :<aspect>:<category>:<learning mode>, teachers
    SCAN_PEOPLE = "scan_people"  # :<aspect>, teachers whose scan answered the aspect
    SCAN_SUM = "scan_sum"  # :<aspect>, the sum of their answers
    SCAN_ANSWERS = "scan_answers"  # :<aspect>, the number of their answers
    PARTNER = "partner"  # :<partner id>, accepted requests
    PARTNER_KIND = "partnerkind"  # :<partner id>:<kind of offer>, accepted requests
    PARTNER_PEOPLE = "partnerp"  # :<partner id>, teachers behind them
    PARTNER_KIND_PEOPLE = "partnerpkind"  # :<partner id>:<kind of offer>, teachers behind them

    def of(self, *parts: object) -> str:
        """The counter's name for these parts."""
        return SEPARATOR.join((self.value, *map(str, parts)))


@dataclass(frozen=True, slots=True)
class Counter:
    kind: Name | None  # None for a plain counter ("plans", "items", "scan", ...)
    parts: tuple[str, ...]

    @classmethod
    def parse(cls, name: str) -> Self:
        kind, *parts = name.split(SEPARATOR)
        return cls(Name(kind), tuple(parts)) if parts else cls(None, ())


def of_kind(counts: Mapping[str, int], kind: Name) -> Iterator[tuple[tuple[str, ...], int]]:
    """The counters of one kind in a row's counts: (their parts, the count)."""
    for name, n in counts.items():
        counter = Counter.parse(name)
        if counter.kind is kind:
            yield counter.parts, n


SCAN = "scan"  # the plain counter of the teachers with a scan in the year
SCAN_KINDS = frozenset({Name.SCAN_PEOPLE, Name.SCAN_SUM, Name.SCAN_ANSWERS})


def is_scan(name: str) -> bool:
    """Whether the counter comes from a scan (what the published self-scan figures are made of)."""
    return name == SCAN or Counter.parse(name).kind in SCAN_KINDS
