"""Single sign-on through OpenID Connect (SURFconext, Microsoft Entra ID, or any other provider).

Switched on by settings only: with ``OIDC_RP_CLIENT_ID`` set (see .env.example), the login page offers
"Inloggen via <provider>" beside the e-mail and password form, which keeps working. The protocol (the
authorization code flow with PKCE, state and nonce, the token request, the signature check against the
provider's published keys) is mozilla-django-oidc's; what is ours is who may come in:

- the ID token must be meant for us (``aud``) and, when ``OIDC_OP_ISSUER`` is set, come from the provider;
- the provider must give an e-mail address and must not say it is unverified (``email_verified``);
- a person is matched to an account by that e-mail address (one account per address), and a new account
  is made on the first sign-on when ``OIDC_CREATE_USER`` is on (the default), with the names the provider
  gives and no usable password (they can set one through "wachtwoord vergeten" if they also want one).

Signing out signs out of Ontwikkelwijzer only, not out of the provider.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


class SchoolOIDCBackend(OIDCAuthenticationBackend):
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
        if claims.get("email_verified") is False:
            logger.warning("Single sign-on refused: the provider says the e-mail address is unverified")
            return False
        return True

    def create_user(self, claims):
        return self.UserModel.objects.create_user(
            email=claims["email"],
            password=None,
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
        )

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
    that does not answer) ends on the login page with "did not work", never in an error page."""

    def get(self, request):
        try:
            return super().get(request)
        except (SuspiciousOperation, jwt.InvalidTokenError, requests.RequestException) as problem:
            logger.warning("Single sign-on failed: %s: %s", type(problem).__name__, problem)
            return self.login_failure()
