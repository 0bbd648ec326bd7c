"""Limits that an attacker cannot turn on the person they aim at.

Signing in (django-axes): failures count per account *and* client address together, so guessing at a
colleague's password from elsewhere never locks the colleague out; and per client address over all
accounts, so one address cannot try its way through many accounts (``failure_limit``).

Mails (sign-up confirmations and notices, password resets): at most ``ACCOUNT_MAILS_PER_ADDRESS`` to one
e-mail address and ``ACCOUNT_MAILS_PER_IP`` from one client address per ``ACCOUNT_MAIL_WINDOW_MINUTES``
(``mail_allowed``). The pages answer the same whether a mail went out or not, so the limit tells nobody
whether an address has an account. The counters live in the ``throttle`` cache (a table in the database,
shared by every app process) under keyed hashes, never the address itself.

The client address is the one django-ipware finds behind ``PROXY_COUNT`` reverse proxies (settings).
"""

import time

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import caches
from django.db.models import Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac


def client_address(request) -> str:
    """The client's IP address as django-axes sees it (django-ipware behind the configured proxies)."""
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or ""


def failures_from(ip_address: str, request=None) -> int:
    """Failed sign-ins from this client address, over all accounts, within the cool-off period."""
    attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    cool_off = get_cool_off(request)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failure_limit(request, credentials) -> int:
    """``AXES_FAILURE_LIMIT``: the failures per account and address that lock that pair out.

    axes compares one number with the failures of the account and address together; once the address
    has failed ``LOGIN_FAILURE_LIMIT_PER_IP`` times over all accounts, the limit is 0, so every sign-in from
    it is refused until the cool-off has passed. A successful sign-in to one's own account resets only
    that account's count, so it cannot be used to wipe the address's record."""
    if (
        request is not None
        and failures_from(client_address(request), request) >= settings.LOGIN_FAILURE_LIMIT_PER_IP
    ):
        return 0
    return settings.LOGIN_FAILURE_LIMIT


def _key(kind: str, value: str) -> str:
    digest = salted_hmac(
        "ontwikkelwijzer.accounts.throttle", f"{kind}:{value}", algorithm="sha256"
    ).hexdigest()
    return f"mail-{kind}-{digest}"


def _count(key: str, window: int) -> int:
    """One more in the window that started with the first count (the window does not slide)."""
    cache = caches[settings.ACCOUNT_THROTTLE_CACHE]
    now = time.time()
    entry = cache.get(key)
    if not entry or entry["until"] <= now:
        entry = {"count": 0, "until": now + window}
    entry["count"] += 1
    cache.set(key, entry, timeout=max(1, int(entry["until"] - now)))
    return entry["count"]


def mail_allowed(*, email: str, ip_address: str) -> bool:
    """Count a mail to ``email`` asked for from ``ip_address``; False when either limit is used up.

    Counted before anyone looks whether the address has an account, so the answer says nothing about it.
    """
    window = settings.ACCOUNT_MAIL_WINDOW_MINUTES * 60
    to_address = _count(_key("to", email.strip().lower()), window)
    from_ip = _count(_key("from", ip_address), window)
    return to_address <= settings.ACCOUNT_MAILS_PER_ADDRESS and from_ip <= settings.ACCOUNT_MAILS_PER_IP
