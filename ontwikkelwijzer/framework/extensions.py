"""Where the apps above the framework add to the framework's pages without the framework importing them.

An app registers a function in its ``AppConfig.ready``; the page calls every registered function and
puts what they return into its template context. Today the work-field app adds the open offers of the
school's partners to an activity's page (``workfield.views.teacher.activity_offers``), and the names of
the kinds of offer to what the catalogue's search finds an activity by ("gastles" finds co-teaching).
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


SearchWords = Callable[[], dict[str, list[str]]]

_search_words: list[SearchWords] = []


def add_search_words(words: SearchWords) -> None:
    """Have ``words()`` (activity code -> texts) add to the words the catalogue's search finds each
    activity by. Read when a framework version's search index is made, so the texts must not change while
    the process runs."""
    if words not in _search_words:
        _search_words.append(words)


def search_words() -> dict[str, list[str]]:
    """What the registered apps add to each activity's search words."""
    found: dict[str, list[str]] = {}
    for words in _search_words:
        for code, texts in words().items():
            found.setdefault(code, []).extend(texts)
    return found
