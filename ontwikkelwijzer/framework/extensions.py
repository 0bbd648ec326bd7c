"""Where the apps above the framework add to the framework's pages without the framework importing them.

An app registers a function in its ``AppConfig.ready``; the page calls every registered function and
puts what they return into its template context. Today the work-field app adds the open offers of the
school's partners to an activity's page (``workfield.views.teacher.activity_offers``).
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

ActivityExtra = Callable[[HttpRequest, str], dict[str, Any]]

_activity_extras: list[ActivityExtra] = []


def add_to_activity_page(extra: ActivityExtra) -> None:
    """Have ``extra(request, activity_code)`` add to the context of every activity's page (once)."""
    if extra not in _activity_extras:
        _activity_extras.append(extra)


def activity_page_context(request: HttpRequest, code: str) -> dict[str, Any]:
    """What the registered apps add to the page of the activity with this code."""
    context: dict[str, Any] = {}
    for extra in _activity_extras:
        context.update(extra(request, code))
    return context
