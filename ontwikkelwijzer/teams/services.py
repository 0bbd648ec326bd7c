"""Writes for teams and organisations: the audit log, sharing choices."""

from decimal import Decimal

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams.constants import DEFAULT_DEVELOPMENT_HOURS
from ontwikkelwijzer.teams.models import AuditEvent, Membership, Sharing


def audit_record(*, actor: User, subject: User, action: str) -> None:
    """Write down that actor looked at subject's data (never for looking at one's own)."""
    if actor.pk != subject.pk:
        AuditEvent.objects.create(actor=actor, actor_name=str(actor), subject=subject, action=action)


def sharing_of(*, user: User) -> Sharing:
    sharing, _ = Sharing.objects.get_or_create(user=user)
    return sharing


def development_hours_for(*, user: User) -> Decimal:
    """Hours a year for a full-time job at the person's school (59 by the collective agreement)."""
    membership = (
        Membership.objects.filter(user=user).select_related("organisation").order_by("created_at").first()
    )
    return membership.organisation.development_hours if membership else DEFAULT_DEVELOPMENT_HOURS
