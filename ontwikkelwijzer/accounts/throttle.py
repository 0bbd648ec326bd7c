"""Limits that an attacker cannot turn on the person they aim at.

A *client network* is what counts as one client: an IPv4 address, or the /64 an IPv6 address lies in (one
household, office or server gets at least a /64 and picks its addresses in it freely, so counting IPv6
per address would let one client rotate through them).

Signing in (django-axes, ``failure_limit``):

- Failures count per account and client network together: after ``LOGIN_FAILURE_LIMIT`` that account is
  refused from that network for the cool-off, and guessing at a colleague's password from elsewhere never
  locks the colleague out. (axes counts the pair per address; on IPv6 ``failure_limit`` adds up the /64.)
- Failures also count per client network over all accounts. Past ``LOGIN_FAILURE_LIMIT_PER_IP`` the network
  may only still sign in to the accounts that signed in successfully from it before (axes' ``AccessLog``);
  every other account is refused from there for the cool-off. So one address cannot try its way through
  many accounts, yet a mistyping school behind one NAT address, or one person there guessing, does not lock
  the school out: the teachers who signed in from school before keep working, each with their own limit
  above; only a first sign-in from there waits for the cool-off (or happens from another network). The
  price: from a network past its limit, whether an account is refused tells whether it signed in from that
  same network before, nothing about accounts used elsewhere.
- Failures also count per account over all networks. A /64 is one home, but a home connection gets a /56
  or /48, hundreds of /64s that would each bring ``LOGIN_FAILURE_LIMIT`` more guesses. Past
  ``LOGIN_FAILURE_LIMIT_PER_ACCOUNT`` failures within the cool-off (``account_failures``, one query), the
  account may only still be signed in to from the networks it signed in from successfully before, the same
  exemption as above: its owner at home or at school keeps working, a guesser anywhere else is refused, and
  so is the owner on a network new to the account, until the cool-off has passed since the last failure.
  The per-network limits above stay as they are.
- A successful sign-in clears that account's failures from the network, not the network's record, nor the
  failures from other networks.

Mails (sign-up confirmations and notices, password resets, ``mail_allowed``): per
``ACCOUNT_MAIL_WINDOW_MINUTES``, at most ``ACCOUNT_MAILS_PER_ADDRESS`` to one mailbox asked for from one
client network, ``ACCOUNT_MAILS_PER_ADDRESS_ALL`` to one mailbox in all, and ``ACCOUNT_MAILS_PER_IP`` asked
for from one client network. The counters per address count the mailbox the mail is delivered to
(``addresses.mailbox``): ``Docent+1@school.nl``, ``docent@ｓchool.nl`` and ``"docent"@ſchool.nl`` all count
as ``docent@school.nl``. Someone asking a victim's mails from their own network uses up their own count,
and only the mails that actually go out count towards the mailbox's cap. The cap in all leaves out the
mails asked for from a network the account at that mailbox (the address as given, or its plain mailbox)
signed in from successfully before (``signed_in_from``): they neither count towards it nor are refused by
it, only by the limits per network. So however many networks an attacker asks from, the victim asking from
home or school still gets theirs. The pages answer the same whether a mail went out or not, so the limits
tell nobody whether an address has an account or where it signed in. The counters live in the
``throttle`` cache (a table in the database, shared by every app process) under keyed hashes, never the
address itself.

The client address is the one django-ipware finds behind ``PROXY_COUNT`` reverse proxies (settings).
"""

import ipaddress
import time

from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.core.cache import caches
from django.db.models import Sum
from django.utils import timezone
from django.utils.crypto import salted_hmac

from ontwikkelwijzer.accounts.addresses import mailbox

IPV6_PREFIX_LENGTH = 64
# At most this many rows, the newest first, are read to add up the IPv6 addresses of one /64 (the database
# cannot filter on the prefix portably); the counts stay right unless that many failures arrive within one
# cool-off.
SCAN_ROWS = 2000

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(request) -> str:
    """The client's IP address as django-axes sees it (django-ipware behind the configured proxies)."""
    return getattr(request, "axes_ip_address", None) or get_client_ip_address(request) or ""


def client_network(ip_address: str) -> Network | None:
    """The IPv4 address (/32) or the IPv6 /64 that counts as one client; None for no valid address."""
    try:
        ip = ipaddress.ip_address(ip_address)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ipaddress.ip_network((ip, 32 if ip.version == 4 else IPV6_PREFIX_LENGTH), strict=False)


def _one_address(ip_address: str) -> str | None:
    """The address to match exactly when the client network is one address; None for an IPv6 /64."""
    network = client_network(ip_address)
    if network is None:
        return ip_address
    return str(network.network_address) if network.version == 4 else None


def _from_network(rows, ip_address: str, *fields: str) -> list[tuple]:
    """The ``fields`` of the rows (axes records) whose client address lies in the client network."""
    exact = _one_address(ip_address)
    if exact is not None:
        return list(rows.filter(ip_address=exact).values_list(*fields))
    network = client_network(ip_address)
    candidates = rows.filter(ip_address__contains=":").order_by("-attempt_time")
    return [
        tuple(values)
        for address, *values in candidates.values_list("ip_address", *fields)[:SCAN_ROWS]
        if address and client_network(address) == network
    ]


def _recent_attempts(request):
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off(request)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts


def failures_from(ip_address: str, request=None) -> int:
    """Failed sign-ins from this client network, over all accounts, within the cool-off period."""
    attempts = _recent_attempts(request)
    exact = _one_address(ip_address)
    if exact is not None:  # one address: the database adds up
        return attempts.filter(ip_address=exact).aggregate(total=Sum("failures_since_start"))["total"] or 0
    return sum(failures for (failures,) in _from_network(attempts, ip_address, "failures_since_start"))


def account_failures_from(username: str | None, ip_address: str, request=None) -> int:
    """Failed sign-ins to this account (as typed, like axes counts it) from this client network."""
    if not username:
        return 0
    attempts = _recent_attempts(request).filter(username=username)
    return sum(failures for (failures,) in _from_network(attempts, ip_address, "failures_since_start"))


def account_failures(username: str | None, request=None) -> int:
    """Failed sign-ins to this account (as typed, like axes counts it) from all networks, within the cool-off
    period: one query, the database adds up."""
    if not username:
        return 0
    attempts = _recent_attempts(request).filter(username=username)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def _signed_in(logs, ip_address: str) -> bool:
    exact = _one_address(ip_address)
    if exact is not None:
        return logs.filter(ip_address=exact).exists()
    return bool(_from_network(logs, ip_address, "pk"))


def signed_in_from(username: str | None, ip_address: str) -> bool:
    """Whether this account signed in successfully from this client network before (axes' AccessLog)."""
    if not username:
        return False
    return _signed_in(AccessLog.objects.filter(username=username), ip_address)


def mailbox_signed_in_from(email: str, ip_address: str) -> bool:
    """Whether the account a mail to ``email`` is for signed in successfully from this client network before:
    the account at the address as given (lower case, as accounts are stored and axes logs them) or at its
    plain mailbox (without +tag, the domain in ASCII)."""
    usernames = {email.strip().lower(), mailbox(email)} - {""}
    if not usernames:
        return False
    return _signed_in(AccessLog.objects.filter(username__in=usernames), ip_address)


def failure_limit(request, credentials) -> int:
    """``AXES_FAILURE_LIMIT``: the failures per account and address that lock that pair out.

    axes compares one number with the failures of the account and address together. 0 refuses the sign-in
    until the cool-off has passed: when the account failed ``LOGIN_FAILURE_LIMIT`` times from the client
    network (on IPv6 its addresses add up), or when this account never signed in from the network and either
    the network failed ``LOGIN_FAILURE_LIMIT_PER_IP`` times over all accounts or the account failed
    ``LOGIN_FAILURE_LIMIT_PER_ACCOUNT`` times over all networks (see the module's docstring)."""
    if request is None:
        return settings.LOGIN_FAILURE_LIMIT
    ip_address = client_address(request)
    username = get_client_username(request, credentials)
    if account_failures_from(username, ip_address, request) >= settings.LOGIN_FAILURE_LIMIT:
        return 0
    past_a_wider_limit = (
        failures_from(ip_address, request) >= settings.LOGIN_FAILURE_LIMIT_PER_IP
        or account_failures(username, request) >= settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT
    )
    if past_a_wider_limit and not signed_in_from(username, ip_address):
        return 0
    return settings.LOGIN_FAILURE_LIMIT


def forget_account_failures(username: str, ip_address: str) -> None:
    """After a successful sign-in: the account's failures from the client network go (axes itself clears
    only those from the very address; on IPv6 the rest of the /64 would otherwise still count)."""
    pks = [pk for (pk,) in _from_network(AccessAttempt.objects.filter(username=username), ip_address, "pk")]
    AccessAttempt.objects.filter(pk__in=pks).delete()


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
    """Count a mail to ``email`` asked for from ``ip_address``; False when a limit is used up.

    Every spelling of one mailbox counts as that mailbox (``addresses.mailbox``). The mailbox's cap over all
    clients counts only the mails the limits per client let through, so one client asking again and again
    does not use it up, and leaves out the networks the account signed in from before (they keep only the
    limits per client). Counted before anyone looks whether the address has an account; the pages answer
    the same either way, so nothing here shows.
    """
    window = settings.ACCOUNT_MAIL_WINDOW_MINUTES * 60
    to = mailbox(email)
    network = client_network(ip_address)
    client = str(network) if network is not None else ip_address
    to_address_from_client = _count(_key("to-from", f"{to}|{client}"), window)
    from_client = _count(_key("from", client), window)
    if (
        to_address_from_client > settings.ACCOUNT_MAILS_PER_ADDRESS
        or from_client > settings.ACCOUNT_MAILS_PER_IP
    ):
        return False
    if mailbox_signed_in_from(email, ip_address):
        return True
    return _count(_key("to", to), window) <= settings.ACCOUNT_MAILS_PER_ADDRESS_ALL
