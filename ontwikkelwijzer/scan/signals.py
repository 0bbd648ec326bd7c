from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from ontwikkelwijzer.scan.services import scan_claim_from_session


@receiver(user_logged_in)
def keep_the_visitors_scan(sender, request, user, **kwargs):
    """A visitor who took the scan and then signs up or logs in keeps the result."""
    if request is not None and hasattr(request, "session"):
        scan_claim_from_session(user=user, session=request.session)
