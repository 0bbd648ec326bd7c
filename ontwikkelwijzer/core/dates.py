"""Dates written short as Dutch readers expect them: "1 aug. 2027", "12 sep. – 3 feb. 2028" (and in English
"1 Aug 2027"). Django's "M" gives "Aug" in Dutch too (a capital, no full stop), and its "N" no full stop."""

from datetime import date

from django.utils.translation import pgettext_lazy

MONTHS = {
    1: pgettext_lazy("month, short", "Jan"),
    2: pgettext_lazy("month, short", "Feb"),
    3: pgettext_lazy("month, short", "Mar"),
    4: pgettext_lazy("month, short", "Apr"),
    5: pgettext_lazy("month, short", "May"),
    6: pgettext_lazy("month, short", "Jun"),
    7: pgettext_lazy("month, short", "Jul"),
    8: pgettext_lazy("month, short", "Aug"),
    9: pgettext_lazy("month, short", "Sep"),
    10: pgettext_lazy("month, short", "Oct"),
    11: pgettext_lazy("month, short", "Nov"),
    12: pgettext_lazy("month, short", "Dec"),
}


def month_names() -> dict[int, str]:
    """The short month names in the current language, for writing many dates at once."""
    return {number: str(name) for number, name in MONTHS.items()}


def short_date(day: date, *, year: bool = True, months: dict[int, str] | None = None) -> str:
    months = months or month_names()
    return f"{day.day} {months[day.month]} {day.year}" if year else f"{day.day} {months[day.month]}"


def period(start: date, end: date, *, months: dict[int, str] | None = None) -> str:
    """From one day to another; the first day's year only when it is not the last's."""
    months = months or month_names()
    first = short_date(start, year=start.year != end.year, months=months)
    return f"{first} – {short_date(end, months=months)}"
