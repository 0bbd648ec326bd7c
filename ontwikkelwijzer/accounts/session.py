"""What a visitor left in their session for the account they are about to create or log in to.

The scan app keeps a visitor's scan under ``PENDING_SCAN_SESSION_KEY`` and saves it for the account at the
next login (``scan.services.scan_claim_from_session``); the sign-up pages only need to know that it is there,
to say it will be kept.

What was saved at the login may ask where the person lands next (``land_after_login``): the scan app names
the result page of the scan it just saved, so whoever signs up or logs in after a visitor's scan sees their
result and its mix, not an empty form. The login and confirmation views take it (``landing_after_login``)
before any ``next``; accounts never needs to know which page it is.
"""

from django.contrib.sessions.backends.base import SessionBase

PENDING_SCAN_SESSION_KEY = "pending_scan"
AFTER_LOGIN_SESSION_KEY = "after_login"


def has_pending_scan(session: SessionBase) -> bool:
    return bool(session.get(PENDING_SCAN_SESSION_KEY))


def land_after_login(session: SessionBase, path: str) -> None:
    """Something done at the login asks that the person land on ``path`` (a path on this site)."""
    session[AFTER_LOGIN_SESSION_KEY] = path


def landing_after_login(session: SessionBase) -> str:
    """Where the login asked to land, once (``""`` when nothing did): taking it removes it."""
    path = session.pop(AFTER_LOGIN_SESSION_KEY, "")
    return path if isinstance(path, str) else ""
