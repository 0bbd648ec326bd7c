"""Mails to a group of people."""

import logging
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail

logger = logging.getLogger(__name__)


def mail_each(subject: str, body: str, addresses: Iterable[str], *, about: str) -> None:
    """One mail to each address, so nobody gets the others' addresses. A mail that cannot be sent is
    logged (``about`` says what it was), never raised: the write that caused it has happened."""
    to = sorted(set(addresses))
    if not to:
        return
    try:
        send_mass_mail([(subject, body + "\n", settings.DEFAULT_FROM_EMAIL, [address]) for address in to])
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send the mails about %s", about)
