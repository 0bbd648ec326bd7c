"""Proving an e-mail address: sign-up with a mailed confirmation link, and what a password reset proves.

Sign-up answers the same whatever the address (``signup_submit``):

- a new address gets an account that cannot be used yet (``email_verified_at`` empty) and a link;
- the address of a confirmed account changes nothing; its owner gets a notice instead;
- the address of an unconfirmed account is a fresh sign-up: the new password and names replace the old
  ones and a new link goes to the address, so a sign-up by someone else never holds the address hostage.

The link (``EmailConfirmationTokenGenerator``) works once (its hash holds the confirmation time and the
password hash, so confirming or signing up again voids it) and for ``EMAIL_CONFIRMATION_TIMEOUT``.
Opening it confirms nothing by itself (mail scanners open links): the person presses a button, and gives
the password they chose unless the link is opened in the browser session that signed up.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from ontwikkelwijzer.accounts import throttle
from ontwikkelwijzer.accounts.models import User

# The browser session that signed up (or proved the password of an unconfirmed account at the login):
# {"user": the account's pk, or None when the address already had a confirmed account, "next": a URL}.
SIGNUP_SESSION_KEY = "accounts_signup"
MAX_PK = 2**63 - 1


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "ontwikkelwijzer.accounts.verification.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        confirmed = "" if user.email_verified_at is None else user.email_verified_at.isoformat()
        return f"{user.pk}{user.password}{confirmed}{timestamp}{user.email}"

    def check_token(self, user, token) -> bool:
        """Like Django's reset tokens, with our own lifetime, and never for a confirmed address."""
        if not (user and token) or user.email_verified_at is not None:
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        age = self._num_seconds(self._now()) - timestamp
        return 0 <= age <= settings.EMAIL_CONFIRMATION_TIMEOUT


confirmation_tokens = EmailConfirmationTokenGenerator()


@dataclass(frozen=True)
class SignupData:
    email: str
    password: str
    first_name: str = ""
    last_name: str = ""
    fte: Decimal = Decimal("1.00")


def confirmation_path(*, user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(
        "accounts:confirm", kwargs={"uidb64": uidb64, "token": confirmation_tokens.make_token(user)}
    )


def account_mail(template: str, user: User, context: dict) -> None:
    context = {"user": user, **context}
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context)
    body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def confirmation_mail_send(*, user: User, absolute_uri: Callable[[str], str]) -> None:
    days = settings.EMAIL_CONFIRMATION_TIMEOUT // (24 * 3600)
    account_mail("confirm", user, {"link": absolute_uri(confirmation_path(user=user)), "days": days})


def _notice_mail_send(*, user: User, absolute_uri: Callable[[str], str]) -> None:
    account_mail(
        "signup_notice",
        user,
        {
            "login_link": absolute_uri(reverse("accounts:login")),
            "reset_link": absolute_uri(reverse("accounts:password_reset")),
        },
    )


def signup_submit(*, data: SignupData, ip_address: str, absolute_uri: Callable[[str], str]) -> User | None:
    """Handle a sign-up: the account the link was sent for, or None (confirmed address, or throttled).

    Every path hashes the password and sends at most one mail, so neither the page nor its timing tells
    whether the address has an account."""
    email = data.email.strip().lower()
    allowed = throttle.mail_allowed(email=email, ip_address=ip_address)
    encoded = make_password(data.password)
    if not allowed:
        return None
    fields = {
        "first_name": data.first_name,
        "last_name": data.last_name,
        "fte": data.fte,
        "password": encoded,
    }
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            try:
                with transaction.atomic():
                    user = User.objects.create(email=email, email_verified_at=None, **fields)
            except IntegrityError:  # signed up at the same moment in another request
                user = User.objects.select_for_update().get(email__iexact=email)
        confirmed = user.email_verified_at is not None
        if not confirmed:
            for name, value in fields.items():
                setattr(user, name, value)
            user.save(update_fields=list(fields))
    if confirmed:
        _notice_mail_send(user=user, absolute_uri=absolute_uri)
        return None
    confirmation_mail_send(user=user, absolute_uri=absolute_uri)
    return user


def confirmation_resend(*, user: User, ip_address: str, absolute_uri: Callable[[str], str]) -> bool:
    """Send a new link for an unconfirmed account (throttled like every account mail)."""
    if user.email_verified_at is not None or not throttle.mail_allowed(
        email=user.email, ip_address=ip_address
    ):
        return False
    confirmation_mail_send(user=user, absolute_uri=absolute_uri)
    return True


def user_for_link(uidb64: str, token: str) -> User | None:
    """The unconfirmed account a confirmation link is for, or None for a used, expired or garbled one."""
    try:
        uid = urlsafe_base64_decode(uidb64).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    if not uid.isdigit() or int(uid) > MAX_PK:
        return None
    user = User.objects.filter(pk=int(uid), is_active=True).first()
    if user is None or not confirmation_tokens.check_token(user, token):
        return None
    return user


def email_mark_verified(*, user: User) -> bool:
    """Record that the person proved the address (once; a later proof keeps the first date)."""
    now = timezone.now()
    changed = User.objects.filter(pk=user.pk, email_verified_at__isnull=True).update(email_verified_at=now)
    if changed:
        user.email_verified_at = now
    return bool(changed)


def same_address(a: str, b: str) -> bool:
    return unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()
