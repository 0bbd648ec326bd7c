"""Signals that let a lower app say what it changed without knowing who listens.

``people_changed``: these people's plans, scans or memberships changed by a write that sends no model
signal (``update()``, ``bulk_create``). Send it with ``users=`` (user ids, ``None`` ignored). The overviews
app listens and refreshes its counters (``overviews.stats``); the writer need not know that the overviews
exist.
"""

from django.dispatch import Signal

people_changed = Signal()


def changed(*users: int | None) -> None:
    """Tell the listeners that these people's data changed outside the model signals."""
    people_changed.send(sender=None, users=[user for user in users if user is not None])
