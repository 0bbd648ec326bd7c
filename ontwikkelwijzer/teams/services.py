"""Writes for teams and organisations: the audit log, sharing choices, a school's settings (written down in
the school's audit, ``teams.audit``)."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import signals
from ontwikkelwijzer.core.mail import mail_each
from ontwikkelwijzer.teams.audit import SETTINGS, school_event
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import AuditEvent, Membership, Organisation, Sharing


def audit_record(*, actor: User, subject: User, action: str) -> None:
    """Write down that actor looked at subject's data (never for looking at one's own)."""
    if actor.pk != subject.pk:
        AuditEvent.objects.create(actor=actor, actor_name=str(actor), subject=subject, action=action)


def sharing_of(*, user: User) -> Sharing:
    sharing, _ = Sharing.objects.get_or_create(user=user)
    return sharing


def school_settings_save(*, organisation: Organisation, by: User | None = None) -> None:
    """Save a school's settings. When its e-mail domains changed, who counts in its figures changed too, so
    every teacher of the school is counted again (``overviews.stats``; the scan figures wait for new scans
    as after anyone joining or leaving, ``overviews.snapshots``), and the school's administrators, HR and team
    leaders are told who changed them (``by``; None: the operator, in the Django admin). What changed is
    written down in the school's audit."""
    stored = Organisation.objects.filter(pk=organisation.pk).values(*SETTINGS).first()
    with transaction.atomic():
        organisation.save()
        if stored is not None:
            changes = [
                [name, _plain(stored[name]), _plain(getattr(organisation, name))]
                for name in SETTINGS
                if _plain(stored[name]) != _plain(getattr(organisation, name))
            ]
            if changes:
                school_event(
                    organisation=organisation, actor=by, action="settings_changed", data={"changes": changes}
                )
    before = stored["email_domains"] if stored is not None else None
    if before is not None and before != organisation.email_domains:
        teachers = Membership.objects.filter(organisation=organisation, role=Role.TEACHER)
        signals.changed(*set(teachers.values_list("user", flat=True)))
        _domains_changed_told(organisation, before, by)


def _plain(value: object) -> str:
    """A setting as the audit keeps it: text, a number without trailing zeros (59.0 and 59 are the same)."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format(Decimal(value).normalize(), "f")
    return str(value or "")


def _domains_changed_told(organisation: Organisation, before: str, by: User | None) -> None:
    """Mail the school's administrators, HR and team leaders (one mail each) that its e-mail domains changed,
    by whom: the domains decide who may become team leader, so nobody changes them unseen."""
    responsible = Membership.objects.filter(
        organisation=organisation, role__in=[Role.ADMIN, Role.HR, Role.TEAM_LEADER]
    ).exclude(user=by)
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            "school": organisation.name,
            "person": str(by) if by is not None else _("the operator"),
            "before": before or _("none"),
            "now": organisation.email_domains or _("none"),
        }
        subject = _("The e-mail domains of %(school)s were changed") % params
        body = (
            _(
                "%(person)s changed the e-mail domains of %(school)s in Ontwikkelwijzer from %(before)s to "
                "%(now)s. Only addresses at these domains can be invited as team leader and count in the "
                "school's figures. Did you not expect this? Talk to your school's administrators."
            )
            % params
        )
    to = responsible.values_list("user__email", flat=True)
    mail_each(subject, body, to, about=f"the domains of school {organisation.pk}")
