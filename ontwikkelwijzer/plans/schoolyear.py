"""School years as "2026-2027": from 1 August to 31 July."""

import re
from datetime import date

from ontwikkelwijzer.plans.constants import SCHOOL_YEAR_START_MONTH

PATTERN = re.compile(r"^(\d{4})-(\d{4})$")


def school_year_for(day: date) -> str:
    first = day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1
    return f"{first}-{first + 1}"


def is_school_year(value: str) -> bool:
    match = PATTERN.match(value)
    return bool(match) and int(match.group(2)) == int(match.group(1)) + 1


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
