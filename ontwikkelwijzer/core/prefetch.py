"""Related rows a selector already holds, handed to a model instance as ``prefetch_related`` would.

Used where the rows come from somewhere cheaper than a query per relation: the framework's snapshot
(``framework.selectors``), read once per process, supplies aspects and activities to plans and pages.
After ``prefetched(item, "aspects", rows)``, ``item.aspects.all()`` answers ``rows`` without a query.
"""

from typing import Any

from django.db.models import Model, QuerySet


def prefetched(instance: Model, name: str, rows: list[Any]) -> None:
    qs: QuerySet[Any] = getattr(instance, name).all()
    qs._result_cache = rows
    qs._prefetch_done = True  # type: ignore[attr-defined]
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[name] = qs
