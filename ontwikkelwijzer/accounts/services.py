"""Writes and whole-person reads for accounts: sign-up, the right of access, deletion."""

from django.db import transaction

from ontwikkelwijzer.accounts.models import User


def user_data_export(*, user: User) -> dict:
    """Everything the application holds about this person, as plain data (right of access)."""
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "fte": str(user.fte),
            "reminders_enabled": user.reminders_enabled,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
    }


def user_delete(*, user: User) -> None:
    """Delete the account; everything that belongs to the person goes with it (CASCADE)."""
    with transaction.atomic():
        user.delete()
