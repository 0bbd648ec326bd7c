"""Related rows a selector already holds, handed to a model instance as ``prefetch_related`` would.

Used where the rows come from somewhere cheaper than a query per relation: the framework's snapshot
(``framework.selectors``), read once per process, supplies aspects and activities to plans and pages.
After ``prefetched(item, "aspects", rows)``, ``item.aspects.all()`` answers ``rows`` without a query.
"""

from functools import cache
from typing import Any

from django.db.models import Model, QuerySet


def prefetched(instance: Model, name: str, rows: list[Any]) -> None:
    """Give ``instance`` the rows of its relation ``name``. The related manager answers a prefetched
    queryset as it is, whatever it filters, so a bare one of the related model holds them: asking the
    manager for its own queryset (``getattr(instance, name).all()``) built the relation's filter for every
    instance, most of the time a plan's twenty items took to read."""
    qs: QuerySet[Any] = QuerySet(model=_related_model(type(instance), name))
    qs._result_cache = rows
    qs._prefetch_done = True  # type: ignore[attr-defined]
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = qs


@cache
def _related_model(model: type[Model], name: str) -> type[Model]:
    related = model._meta.get_field(name).related_model
    assert isinstance(related, type), f"{model.__name__}.{name} is not a relation"
    return related
