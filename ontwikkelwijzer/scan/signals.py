from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from ontwikkelwijzer.accounts.session import land_after_login
from ontwikkelwijzer.scan.services import scan_claim_from_session


@receiver(user_logged_in)
def keep_the_visitors_scan(sender, request, user, **kwargs):
    """A visitor who took the scan and then signs up or logs in keeps the result, and lands on it (with its
    recommended mix) instead of wherever the login would have gone."""
    if request is not None and hasattr(request, "session"):
        scan = scan_claim_from_session(user=user, session=request.session)
        if scan is not None:
            land_after_login(request.session, reverse("scan:detail", args=[scan.pk]))
            messages.success(request, _("Your self-scan is saved in your account."), fail_silently=True)
