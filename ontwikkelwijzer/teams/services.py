"""Writes for teams and organisations: the audit log, sharing choices, a school's settings."""

from decimal import Decimal

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams import stats
from ontwikkelwijzer.teams.constants import DEFAULT_DEVELOPMENT_HOURS, Role
from ontwikkelwijzer.teams.models import AuditEvent, Membership, Organisation, Sharing


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


def school_settings_save(*, organisation: Organisation) -> None:
    """Save a school's settings. When its e-mail domains changed, who counts in its figures changed too, so
    every teacher of the school is counted again (``teams.stats``; the scan figures wait for new scans
    as after anyone joining or leaving, ``teams.snapshots``)."""
    before = Organisation.objects.filter(pk=organisation.pk).values_list("email_domains", flat=True).first()
    organisation.save()
    if before is not None and before != organisation.email_domains:
        teachers = Membership.objects.filter(organisation=organisation, role=Role.TEACHER)
        stats.touched(*set(teachers.values_list("user", flat=True)))
