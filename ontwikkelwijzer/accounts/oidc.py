"""Single sign-on through OpenID Connect (SURFconext, Microsoft Entra ID, or any other provider).

Switched on by settings only: with ``OIDC_RP_CLIENT_ID`` set (see .env.example), the login page offers
"Inloggen via <provider>" beside the e-mail and password form, which keeps working. The protocol (the
authorization code flow with PKCE, state and nonce, the token request, the signature check against the
provider's published keys) is mozilla-django-oidc's; what is ours is who may come in:

- the ID token must be meant for us (``aud``) and, when ``OIDC_OP_ISSUER`` is set, come from the provider;
- the provider must give an e-mail address, and a ``sub`` that is the same in the ID token and userinfo;
- an account already linked to this ``sub`` (``User.oidc_subject``) is signed in;
- otherwise the account with that e-mail address is linked and signed in only when its address is
  confirmed (``email_verified_at``) AND the provider says the address is verified (``email_verified`` is
  true, not merely absent). Otherwise nobody is signed in: the person is sent to the login page, asked to
  log in once with their password (or to reset it), and the provider identity waits in the session
  (``PENDING_SESSION_KEY``, for an hour); the next local login, confirmation or password reset of that
  same address in that session links it (``link_pending``). So a password someone else chose for the
  address never opens the account of the person who signs on;
- a new account is made on the first sign-on when ``OIDC_CREATE_USER`` is on (the default) and the
  provider says the address is verified: confirmed, linked, with the names the provider gives and no
  usable password (they can set one through "wachtwoord vergeten" if they also want one). Without that
  the person gets the same "log in once" answer as for an existing address, so it tells nothing.

An account linked to another ``sub`` of the provider is never taken over by a sign-on with its address.
Signing out signs out of Ontwikkelwijzer only, not out of the provider.
"""

import logging
import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.verification import same_address

logger = logging.getLogger(__name__)
PENDING_SESSION_KEY = "accounts_sso_pending"  # {"sub", "email", "at"}: a sign-on waiting to be linked
PENDING_SECONDS = 3600
BACKEND_PATH = "ontwikkelwijzer.accounts.oidc.SchoolOIDCBackend"


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


class SchoolOIDCBackend(OIDCAuthenticationBackend):
    def get_user(self, user_id):
        """As Django's own backend does: a closed account (someone who left their school) is signed out."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def authenticate(self, request, **kwargs):
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is meant for another client.")
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The ID token comes from another issuer.")
        return payload

    def verify_claims(self, claims):
        if not claims.get("email"):
            logger.warning("Single sign-on refused: the provider gave no e-mail address")
            return False
        return True

    def get_or_create_user(self, access_token, id_token, payload):
        """Who this sign-on is: the linked account, a confirmed account to link, a new one, or nobody."""
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("Claims verification failed")
        subject = str(payload.get("sub") or "")
        if not subject or str(claims.get("sub", subject)) != subject:
            raise SuspiciousOperation("The ID token and userinfo name different subjects.")
        linked = User.objects.filter(oidc_subject=subject).first()
        if linked is not None:
            return self.update_user(linked, claims)
        email = claims["email"].strip().lower()
        vouched = claims.get("email_verified", payload.get("email_verified")) is True
        user = User.objects.filter(email__iexact=email).first()
        if user is not None and vouched and user.email_verified_at is not None:
            if not _link(user, subject):
                logger.warning("Single sign-on refused: the account is linked to another identity")
                return None
            return self.update_user(user, claims)
        # The same answer for an unconfirmed account, an address the provider does not vouch for, and an
        # address without an account: the person learns nothing about accounts that are not theirs.
        if user is not None or not vouched:
            self.request.session[PENDING_SESSION_KEY] = {"sub": subject, "email": email, "at": time.time()}
            self.request.sso_link_needed = True
            return None
        if not self.get_settings("OIDC_CREATE_USER", True):
            return None
        return self.create_user(claims | {"sub": subject})

    def create_user(self, claims):
        try:
            with transaction.atomic():
                return self.UserModel.objects.create_user(
                    email=claims["email"],
                    password=None,
                    first_name=(claims.get("given_name") or "")[:150],
                    last_name=(claims.get("family_name") or "")[:150],
                    email_verified_at=timezone.now(),
                    oidc_subject=claims["sub"],
                )
        except IntegrityError:  # the same person signed on at the same moment in another request
            return None

    def update_user(self, user, claims):
        """Fill in names the account does not have yet; what the person typed themselves stays."""
        changed = []
        for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
            if not getattr(user, field) and claims.get(claim):
                setattr(user, field, claims[claim][:150])
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
        return user


def _link(user: User, subject: str) -> bool:
    """Store the provider's subject on the account, unless the account or the subject is linked already."""
    try:
        with transaction.atomic():
            return bool(User.objects.filter(pk=user.pk, oidc_subject=None).update(oidc_subject=subject))
    except IntegrityError:
        return False


def link_pending(*, request, user: User) -> bool:
    """After a local login, confirmation or password reset: link the sign-on waiting in this session.

    Only to the account of the address the provider gave, only within the hour, and only once."""
    pending = request.session.pop(PENDING_SESSION_KEY, None) if hasattr(request, "session") else None
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return False
    if not same_address(pending.get("email", ""), user.email) or not _link(user, pending["sub"]):
        return False
    user.oidc_subject = pending["sub"]
    messages.success(
        request,
        _("Single sign-on is linked: from now on you can log in through %(provider)s.")
        % {"provider": settings.OIDC_PROVIDER_NAME},
        fail_silently=True,
    )
    return True


class _OnlyWhenEnabled:
    def dispatch(self, request, *args, **kwargs):
        if not enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class StartView(_OnlyWhenEnabled, OIDCAuthenticationRequestView):
    """Send the person to the provider (with state, nonce and a PKCE challenge in the session)."""


class CallbackView(_OnlyWhenEnabled, OIDCAuthenticationCallbackView):
    """The provider sends the person back here; sign them in, or back to the login page with a message.

    Whatever goes wrong (an unknown state, a token that is not for us, expired or badly signed, a provider
    that does not answer) ends on the login page with "did not work", never in an error page. A sign-on
    that needs a local login first ends there with "log in once to link"."""

    def get(self, request):
        try:
            return super().get(request)
        except (SuspiciousOperation, jwt.InvalidTokenError, requests.RequestException) as problem:
            logger.warning("Single sign-on failed: %s: %s", type(problem).__name__, problem)
            return self.login_failure()

    def login_failure(self):
        if getattr(self.request, "sso_link_needed", False):
            query = {"sso": "koppelen"}
            if self.request.session.get("oidc_login_next"):
                query["next"] = self.request.session["oidc_login_next"]
            return HttpResponseRedirect(reverse("accounts:login") + "?" + urlencode(query))
        return super().login_failure()
