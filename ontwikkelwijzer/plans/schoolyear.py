"""School years as "2026-2027": from 1 August to 31 July."""

import re
from datetime import date

from django.utils.translation import gettext as _

from ontwikkelwijzer.plans.constants import SCHOOL_YEAR_START_MONTH

_STRICT = re.compile(r"(\d{4})-(\d{4})", re.ASCII)  # for fullmatch: no other digits, no trailing newline
FIRST_YEARS = range(2000, 2100)  # school years that may be asked for: beyond these, dates get odd


def school_year_for(day: date) -> str:
    first = day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1
    return f"{first}-{first + 1}"


def is_school_year(value: str) -> bool:
    """ "YYYY-YYYY" with consecutive years from 2000-2001 to 2099-2100, in ASCII digits, nothing else."""
    match = _STRICT.fullmatch(value or "")
    return (
        bool(match) and int(match.group(2)) == int(match.group(1)) + 1 and int(match.group(1)) in FIRST_YEARS
    )


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
    first = int(school_year[:4])
    return date(first, SCHOOL_YEAR_START_MONTH, 1), date(first + 1, SCHOOL_YEAR_START_MONTH - 1, 31)


def next_school_year(school_year: str) -> str:
    first = int(school_year[:4]) + 1
    return f"{first}-{first + 1}"


def months(school_year: str) -> list[date]:
    """The first day of each month of the school year, August first."""
    start, _ = bounds(school_year)
    return [
        date(start.year + (start.month + i - 1) // 12, (start.month + i - 1) % 12 + 1, 1) for i in range(12)
    ]


def requested(request) -> tuple[str, str]:
    """The school year asked for with ?jaar=, else the current one; and a notice (in words) when what was
    asked for is not a school year."""
    current = school_year_for(date.today())
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
