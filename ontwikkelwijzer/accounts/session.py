"""What a visitor left in their session for the account they are about to create or log in to.

The scan app keeps a visitor's scan under ``PENDING_SCAN_SESSION_KEY`` and saves it for the account at the
next login (``scan.services.scan_claim_from_session``); the sign-up pages only need to know that it is there,
to say it will be kept.
"""

from django.contrib.sessions.backends.base import SessionBase

PENDING_SCAN_SESSION_KEY = "pending_scan"


def has_pending_scan(session: SessionBase) -> bool:
    return bool(session.get(PENDING_SCAN_SESSION_KEY))
