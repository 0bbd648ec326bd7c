"""What the teams app holds about a person, for the own-data export and the deletion of the account
(gathered by ``ontwikkelwijzer.privacy``, see ``privacy/parts.py``): memberships, sharing choices, the
audit log of who looked at the person's data, and invitations (to the person, and those they made).

Nothing of another person is exported: not the entries in which the person looked at someone else's data,
not the notes they wrote in someone else's plan, not whom they invited.

Deleting an account: memberships, sharing choices and the audit entries *about* the person go by CASCADE;
personal invitations addressed to the person's address are deleted. The audit entries in which the person
looked at someone else's data stay with that other person, because they are that person's record of who saw
their data; the name in them is replaced by the roles the deleted person held in the groups the two shared
(``former_member_label``), and the link to the account goes. The same rule applies to notes of the yearly
conversation the person wrote in someone else's plan (``plans.personal_data``).
"""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import (
    Appointment,
    AuditEvent,
    Departure,
    Invitation,
    Membership,
    SchoolEvent,
    Sharing,
)

EXPORTED = {
    "teams.Membership.user": "teams.memberships",
    "teams.Sharing.user": "teams.sharing",
    "teams.AuditEvent.subject": "teams.who_looked_at_your_data",
    "teams.Invitation.email": "teams.invitations_to_you",
    "teams.Invitation.created_by": "teams.invitations_you_made",
    "teams.Appointment.user": "teams.hours_rules",
    "teams.Departure.user": "teams.schools_left",
}
EXEMPT = {
    "teams.Invitation.replaces": (
        "The membership a move replaces is the person's own and exported with the memberships; the "
        "invitation itself is exported as an invitation to them."
    ),
    "teams.SchoolEvent.actor": (
        "The school's record of who changed its set-up (teams, roles, invitations) is the school's, not the "
        "person's; when the account is deleted, the name in it is replaced by the roles they held."
    ),
    "teams.SchoolEvent.subject_user": (
        "The school's record of a change about the person (a role given or taken, leaving) is the school's; "
        "their memberships and leaving are exported. When the account is deleted, the name goes from it."
    ),
    "teams.AuditEvent.actor": (
        "An entry that the person looked at someone else's data is that other person's record of who saw "
        "their data, and says whose data it was: in the looker's export it would be the other person's "
        "data. When the looker's account is deleted, the entry stays with their roles instead of the name."
    ),
}


def _group(team, organisation) -> str:
    return f"{team.name} ({organisation.name})" if team else organisation.name


def _invitation_status(invitation: Invitation) -> str:
    if invitation.declined_at is not None:
        return "declined"
    if invitation.uses >= invitation.max_uses:
        return "used"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return "waiting"


def export(user) -> dict:
    sharing = Sharing.objects.filter(user=user).first()
    return {
        "hours_rules": [
            {
                "organisation": a.organisation.name,
                "teaching": a.teaching,
                "fte": a.fte,
                "set_by": a.updated_by_name,
                "changed_at": a.updated_at,
            }
            for a in Appointment.objects.filter(user=user).select_related("organisation").order_by("pk")
        ],
        "schools_left": [
            {"organisation": d.organisation.name, "left_on": d.left_on, "recorded_by": d.recorded_by_name}
            for d in Departure.objects.filter(user=user).select_related("organisation").order_by("pk")
        ],
        "memberships": [
            {
                "organisation": m.organisation.name,
                "team": m.team.name if m.team else None,
                "role": m.role,
                "since": m.created_at,
            }
            for m in Membership.objects.filter(user=user)
            .select_related("organisation", "team")
            .order_by("created_at", "pk")
        ],
        "sharing": {
            "share_reflections": sharing.share_reflections if sharing else False,
            "share_scans": sharing.share_scans if sharing else False,
            "changed_at": sharing.updated_at if sharing else None,
        },
        "who_looked_at_your_data": [
            {"time": e.created_at, "who": e.actor_name, "what": e.action}
            for e in AuditEvent.objects.filter(subject=user).order_by("created_at", "pk")
        ],
        "invitations_to_you": [
            {
                "organisation": i.organisation.name,
                "team": i.team.name if i.team else None,
                "role": i.role,
                "address": i.email,
                "first_name": i.first_name,
                "last_name": i.last_name,
                "fte": i.fte,
                "invited_by": str(i.created_by) if i.created_by else None,
                "sent_at": i.created_at,
                "expires_at": i.expires_at,
                "declined_at": i.declined_at,
                "status": _invitation_status(i),
            }
            for i in _invitations_to(user).select_related("organisation", "team", "created_by")
        ],
        # Whom a personal invitation was for is the invited person's data, not yours: left out.
        "invitations_you_made": [
            {
                "organisation": i.organisation.name,
                "team": i.team.name if i.team else None,
                "role": i.role,
                "personal": i.personal,
                "made_at": i.created_at,
                "expires_at": i.expires_at,
                "uses": i.uses,
                "max_uses": i.max_uses,
            }
            for i in Invitation.objects.filter(created_by=user)
            .select_related("organisation", "team")
            .order_by("created_at", "pk")
        ],
    }


def _invitations_to(user):
    return Invitation.objects.filter(email__iexact=user.email).order_by("created_at", "pk")


def former_member_label(*, person, seen_by, organisation=None) -> str:
    """How the records of ``seen_by`` (a user or their id) name ``person`` once the account of ``person``
    is deleted: the roles ``person`` holds in the teams the two share and at their schools (``Team
    leader, Zorg (ROC Oost) (account deleted)``, ``HR / policy, ROC Oost (...)``), not the name. For a
    school's own record (``organisation``): the roles the person holds at that school."""
    if organisation is not None:
        roles = Membership.objects.filter(user=person, organisation=organisation)
    else:
        theirs = Membership.objects.filter(user=seen_by)
        roles = Membership.objects.filter(
            Q(team__in=theirs.exclude(team=None).values("team"))
            | Q(team=None, organisation__in=theirs.values("organisation")),
            user=person,
        )
    roles = roles.select_related("organisation", "team").order_by("organisation__name", "team__name", "role")
    with translation.override(settings.LANGUAGE_CODE):
        described = [
            _("%(role)s, %(group)s") % {"role": Role(m.role).label, "group": _group(m.team, m.organisation)}
            for m in roles
        ]
        if not described:
            return _("Someone whose account was deleted")
        return _("%(roles)s (account deleted)") % {"roles": "; ".join(dict.fromkeys(described))}


def erase(user) -> list:
    """Name no more in other people's audit logs (the roles instead; ``plans.personal_data`` does the same
    for the notes written in other people's plans); personal invitations to the address go."""
    subjects = AuditEvent.objects.filter(actor=user).values_list("subject", flat=True).distinct()
    for subject_id in list(subjects):
        label = former_member_label(person=user, seen_by=subject_id)
        AuditEvent.objects.filter(actor=user, subject_id=subject_id).update(actor=None, actor_name=label)
    _invitations_to(user).delete()
    about = Q(actor=user) | Q(subject_user=user) | Q(subject__iexact=user.email)  # an invitation: its address
    for event in SchoolEvent.objects.filter(about).select_related("organisation"):
        label = former_member_label(person=user, seen_by=None, organisation=event.organisation)
        if event.actor_id == user.pk:
            event.actor, event.actor_name = None, label
        if event.subject_user_id == user.pk or event.subject.lower() == user.email.lower():
            event.subject_user, event.subject = None, label
        event.save(update_fields=["actor", "actor_name", "subject_user", "subject"])
    return []
