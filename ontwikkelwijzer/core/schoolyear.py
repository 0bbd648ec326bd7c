"""School years as "2026-2027": from 1 August to 31 July.

``SchoolYear`` is the value; the models store it as its string (``str(SchoolYear)``, a CharField), so the
functions below take and give those strings and are built on the type.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Self

from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

SCHOOL_YEAR_START_MONTH = 8  # a school year runs from 1 August to 31 July

_STRICT = re.compile(r"(\d{4})-(\d{4})", re.ASCII)  # for fullmatch: no other digits, no trailing newline
FIRST_YEARS = range(2000, 2100)  # school years that may be asked for: beyond these, dates get odd


@dataclass(frozen=True, order=True)
class SchoolYear:
    """The school year that starts on 1 August of ``first``."""

    first: int

    def __str__(self) -> str:
        return f"{self.first}-{self.first + 1}"

    @classmethod
    def of(cls, day: date) -> Self:
        """The school year ``day`` falls in."""
        return cls(day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1)

    @classmethod
    def current(cls) -> Self:
        return cls.of(date.today())

    @classmethod
    def parse(cls, text: str | None) -> Self:
        """ "YYYY-YYYY" with consecutive years from 2000-2001 to 2099-2100, in ASCII digits, nothing else;
        anything else raises ValueError."""
        match = _STRICT.fullmatch(text or "")
        if (
            not match
            or int(match.group(2)) != int(match.group(1)) + 1
            or int(match.group(1)) not in FIRST_YEARS
        ):
            raise ValueError(f"Not a school year: {text!r}")
        return cls(int(match.group(1)))

    @classmethod
    def stored(cls, text: str) -> Self:
        """A school year as stored (made by ``str(SchoolYear)``), not checked: only its first year is read."""
        return cls(int(text.split("-", 1)[0]))

    @classmethod
    def choices(
        cls,
        *,
        saved: Iterable[str | Self] = (),
        chosen: str | Self | None = None,
        before: int = 0,
        after: int = 0,
        today: date | None = None,
    ) -> list[str]:
        """The school years to choose from in a picker, newest first, each once, as shown and stored.

        The current school year (of ``today``, else of the real today) with ``before`` years before it and
        ``after`` after it; with the school years in ``saved`` (the ones there is data of, stored strings
        or values) and ``chosen`` (the one shown, when given) wherever they fall.
        """
        if before < 0 or after < 0:
            raise ValueError("before and after are counts of school years: not negative")
        current = cls.of(today) if today else cls.current()
        years = {cls(current.first + offset) for offset in range(-before, after + 1)}
        years |= {cls.stored(year) if isinstance(year, str) else year for year in saved}
        if chosen is not None:
            years.add(cls.stored(chosen) if isinstance(chosen, str) else chosen)
        return [str(year) for year in sorted(years, reverse=True)]

    @property
    def next(self) -> Self:
        return type(self)(self.first + 1)

    @property
    def previous(self) -> Self:
        return type(self)(self.first - 1)

    @property
    def bounds(self) -> tuple[date, date]:
        """Its first and last day: 1 August and 31 July."""
        return date(self.first, SCHOOL_YEAR_START_MONTH, 1), date(
            self.first + 1, SCHOOL_YEAR_START_MONTH - 1, 31
        )

    @property
    def months(self) -> list[date]:
        """The first day of each month of the school year, August first."""
        start = SCHOOL_YEAR_START_MONTH - 1  # months counted from 0
        return [date(self.first + (start + i) // 12, (start + i) % 12 + 1, 1) for i in range(12)]

    @property
    def label(self) -> str:
        """How it is shown and stored: "2026-2027"."""
        return str(self)


def school_year_for(day: date) -> str:
    return str(SchoolYear.of(day))


def school_year_at(moment: datetime) -> str:
    """The school year a moment (a row's ``created_at``, say) falls in, by the day it is in the school's
    time zone: 31 July 23:30 UTC is already 1 August in Amsterdam."""
    return school_year_for(timezone.localdate(moment))


def is_school_year(value: str | None) -> bool:
    """ "YYYY-YYYY" with consecutive years from 2000-2001 to 2099-2100, in ASCII digits, nothing else."""
    try:
        SchoolYear.parse(value)
    except ValueError:
        return False
    return True


def or_404(value: str) -> str:
    """``value`` when it is a school year (``is_school_year``), else a 404: for a school year in a URL."""
    if not is_school_year(value):
        raise Http404("Not a school year.")
    return value


def parse(value: str | None, *, default: str) -> tuple[str, bool]:
    """The school year asked for (say with ?jaar=), else ``default``; and whether ``value`` was invalid.

    Nothing asked for (None or "") gives ``(default, False)``. Anything but "YYYY-YYYY" with consecutive
    years from 2000-2001 to 2099-2100, in ASCII digits, gives ``(default, True)``. Strip it first if
    surrounding space should be allowed.
    """
    if not value:
        return default, False
    return (value, False) if is_school_year(value) else (default, True)


def bounds(school_year: str) -> tuple[date, date]:
    return SchoolYear.stored(school_year).bounds


def next_school_year(school_year: str) -> str:
    return str(SchoolYear.stored(school_year).next)


def previous_school_year(school_year: str) -> str:
    return str(SchoolYear.stored(school_year).previous)


def months(school_year: str) -> list[date]:
    """The first day of each month of the school year, August first."""
    return SchoolYear.stored(school_year).months


def requested(request: HttpRequest) -> tuple[str, str]:
    """The school year asked for with ?jaar=, else the current one; and a notice (in words) when what was
    asked for is not a school year."""
    current = str(SchoolYear.current())
    asked = request.GET.get("jaar", "").strip()
    school_year, invalid = parse(asked, default=current)
    if not invalid:
        return school_year, ""
    notice = _("“%(value)s” is not a school year such as %(example)s; showing %(year)s.") % {
        "value": asked[:20],
        "example": current,
        "year": current,
    }
    return current, notice
