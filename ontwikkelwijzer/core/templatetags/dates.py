"""``{{ day|short_date }}`` ("1 aug. 2027") and ``{{ start|period:end }}`` ("12 sep. – 3 feb. 2028"):
``core.dates``."""

from datetime import date

from django import template

from ontwikkelwijzer.core import dates

register = template.Library()


@register.filter
def short_date(day: date | None) -> str:
    return dates.short_date(day) if day else ""


@register.filter
def period(start: date | None, end: date | None) -> str:
    return dates.period(start, end) if start and end else ""
