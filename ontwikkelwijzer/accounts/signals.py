from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from ontwikkelwijzer.accounts import oidc, throttle


@receiver(user_logged_in)
def link_a_pending_sign_on(sender, request, user, **kwargs):
    """A local login (password, confirmation link) links the single sign-on waiting in the session."""
    session = getattr(request, "session", None)
    if session is not None and session.get(BACKEND_SESSION_KEY) != oidc.BACKEND_PATH:
        oidc.link_pending(request=request, user=user)


@receiver(user_logged_in)
def forget_the_failures_of_the_network(sender, request, user, **kwargs):
    """A successful sign-in clears the account's failures from the client network (on IPv6: its /64)."""
    if request is not None:
        throttle.forget_account_failures(user.get_username(), throttle.client_address(request))
