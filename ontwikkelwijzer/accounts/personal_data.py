"""What the accounts app holds about a person, for the own-data export and the deletion of the account
(gathered by ``ontwikkelwijzer.privacy``, see ``privacy/parts.py`` for the shape): the account itself, the
changes the person made in the admin site (which kind of row and what was done, not the row's name, which
may be another person's), and the sign-in records django-axes keeps under the person's
e-mail address (address, IP address, browser), which have no link to the account and so need deleting
explicitly. (The log of successful sign-ins also tells the sign-in throttle which accounts signed in from
a client address before, ``throttle.signed_in_from``; it keeps no records of its own.)"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry as AdminLogEntry

from ontwikkelwijzer.accounts.models import User

NOT_EXPORTED_FIELDS = {"password"}  # the hash of the password: a secret, and nothing the person can use

EXPORTED = {
    "admin.LogEntry.user": "accounts.admin_actions",
    "axes.AccessLog.username": "accounts.sign_ins",
    "axes.AccessAttempt.username": "accounts.failed_sign_ins",
    "axes.AccessFailureLog.username": "accounts.failed_sign_ins",
}
EXEMPT: dict[str, str] = {}
AXES_MODELS = (AccessAttempt, AccessLog, AccessFailureLog)


def _by_address(model, user: User):
    # Axes stores the address as it was typed in the sign-in form.
    return model.objects.filter(username__iexact=user.email)


def export(user: User) -> dict:
    account = {
        field.name: getattr(user, field.attname)
        for field in User._meta.concrete_fields
        if field.name not in NOT_EXPORTED_FIELDS and not field.primary_key
    }
    account["has_password"] = user.has_usable_password()
    return {
        "account": account,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "admin_actions": [
            {
                "time": entry.action_time,
                "what": f"{entry.content_type.app_label}.{entry.content_type.model}"
                if entry.content_type
                else "",
                "action": {1: "added", 2: "changed", 3: "deleted"}.get(entry.action_flag, ""),
                "change": entry.get_change_message(),
            }
            for entry in AdminLogEntry.objects.filter(user=user).select_related("content_type")
        ],
        "sign_ins": [
            {
                "time": log.attempt_time,
                "signed_out": log.logout_time,
                "ip_address": log.ip_address,
                "browser": log.user_agent,
                "address_typed": log.username,
            }
            for log in _by_address(AccessLog, user)
        ],
        "failed_sign_ins": [
            {
                "time": attempt.attempt_time,
                "ip_address": attempt.ip_address,
                "browser": attempt.user_agent,
                "address_typed": attempt.username,
                "failures": attempt.failures_since_start,
            }
            for attempt in _by_address(AccessAttempt, user)
        ]
        + [
            {
                "time": failure.attempt_time,
                "ip_address": failure.ip_address,
                "browser": failure.user_agent,
                "address_typed": failure.username,
                "locked_out": failure.locked_out,
            }
            for failure in _by_address(AccessFailureLog, user)
        ],
    }


def erase(user: User) -> list:
    """The lock-out and sign-in records under the person's address go with the account."""
    for model in AXES_MODELS:
        _by_address(model, user).delete()
    return []
