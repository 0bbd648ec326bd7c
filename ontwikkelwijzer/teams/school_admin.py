"""A school runs itself: its administrators create and rename the school and its teams, invite people to
roles, take roles away, move people between teams and mark people as having left. Every change is in the
school's audit (``teams.audit``).

The consent rules hold here as everywhere (``teams.invitations``): giving someone a role, or moving them to
another team, is a personal invitation that the person accepts; until then nothing changes for them.
Taking a role away, and a person leaving, happen at once. A school always keeps an administrator.

A person marked as having left loses every role at the school at once, and their waiting invitations
there go. When they are in no other school their account is closed at once (they can no longer sign in)
and, after ``LEAVER_RETENTION_DAYS``, ``purge_expired`` deletes it with everything in it
(``leavers_to_purge``). Someone invited back within that time gets their closed account back to answer
with (``invitations.personal_invitation_create``); an invitation still to be answered keeps the account, and
accepting ends the school's record of their leaving.
"""

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams import invitations
from ontwikkelwijzer.teams.audit import role_data, school_event
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Departure, Invitation, Membership, Organisation, Team

logger = logging.getLogger(__name__)


def school_create(*, name: str, by: User) -> Organisation:
    """A new school, with its maker as its first administrator (their own act, so their own consent)."""
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name)
        Membership.objects.create(user=by, organisation=organisation, role=Role.ADMIN)
        school_event(organisation=organisation, actor=by, action="school_created", subject=name)
    return organisation


def school_rename(*, organisation: Organisation, name: str, by: User) -> None:
    before = organisation.name
    if before == name:
        return
    organisation.name = name
    organisation.save(update_fields=["name", "updated_at"])
    school_event(organisation=organisation, actor=by, action="school_renamed", subject=name, detail=before)


def team_create(*, organisation: Organisation, name: str, by: User) -> Team:
    team = Team.objects.create(organisation=organisation, name=name)
    school_event(organisation=organisation, actor=by, action="team_created", subject=name)
    return team


def team_rename(*, team: Team, name: str, by: User) -> None:
    before = team.name
    if before == name:
        return
    team.name = name
    team.save(update_fields=["name", "updated_at"])
    school_event(organisation=team.organisation, actor=by, action="team_renamed", subject=name, detail=before)


def _group(team: Team | None, organisation: Organisation) -> str:
    return team.name if team else organisation.name


def invite(
    *,
    organisation: Organisation,
    team: Team | None,
    role: str,
    email: str,
    by: User,
    absolute_uri: Callable[[str], str],
    first_name: str = "",
    last_name: str = "",
    replaces: Membership | None = None,
    mail: bool = True,
) -> tuple[Invitation, bool]:
    """A personal invitation to a role, mailed (``mail`` False: not, as for the demo school's made-up
    addresses; the person finds it on their privacy page); (invitation, mailed). Check
    ``invitations.address_problem`` first: this raises ValueError for an address that cannot be invited to
    the role. By the school's administrator, or a team's leader for their team."""
    invitation = invitations.personal_invitation_create(
        organisation=organisation,
        team=team,
        role=role,
        email=email,
        created_by=by,
        first_name=first_name,
        last_name=last_name,
    )
    if replaces is not None:
        invitation.replaces = replaces
        invitation.save(update_fields=["replaces", "updated_at"])
    school_event(
        organisation=organisation,
        actor=by,
        action="moved" if replaces is not None else "invited",
        subject=invitation.email,
        detail=_group(team, organisation),
        data=role_data(role),
    )
    if not mail:
        return invitation, False
    failed = invitations.invitation_mails_send([invitation], absolute_uri=absolute_uri)
    return invitation, not failed


def link_create(*, team: Team, by: User) -> Invitation:
    """An open link for teachers to join the team (``invitations.invitation_create``), written down."""
    invitation = invitations.invitation_create(team=team, role=Role.TEACHER, created_by=by)
    school_event(
        organisation=team.organisation,
        actor=by,
        action="link_created",
        detail=team.name,
        data={**role_data(Role.TEACHER), "link": True},
    )
    return invitation


def invitation_resend(*, invitation: Invitation, by: User, absolute_uri: Callable[[str], str]) -> bool:
    mailed = invitations.invitation_resend(invitation=invitation, absolute_uri=absolute_uri)
    school_event(
        organisation=invitation.organisation,
        actor=by,
        action="invitation_resent",
        subject=invitation.email,
        detail=_group(invitation.team, invitation.organisation),
        data=role_data(invitation.role),
    )
    return mailed


def invitation_revoke(*, invitation: Invitation, by: User) -> bool:
    """Revoke a waiting invitation (by the school's administrator, or the team's leader) and write it
    down; False when it could no longer be used anyway (nothing is written then)."""
    with transaction.atomic():
        if not invitations.invitation_revoke(invitation=invitation):
            return False
        school_event(
            organisation=invitation.organisation,
            actor=by,
            action="invitation_revoked",
            subject=invitation.email,  # an open link has none: ``audit.subject_text`` names it
            detail=_group(invitation.team, invitation.organisation),
            data={**role_data(invitation.role), **({} if invitation.personal else {"link": True})},
        )
    return True


def role_take(*, membership: Membership, by: User, action: str = "role_taken") -> None:
    """End the membership (``invitations.CannotLeave`` for the last administrator), write it down
    (``action``: "member_removed" when a team leader removes a teacher) and tell the person."""
    with transaction.atomic():
        invitations.membership_end(membership)
        group = _group(membership.team, membership.organisation)
        school_event(
            organisation=membership.organisation,
            actor=by,
            action=action,
            about=membership.user,
            detail=group,
            data=role_data(membership.role),
        )
    if membership.user_id != by.pk:
        _tell(
            membership.user,
            subject=gettext_noop("Your role in %(group)s has ended"),
            body=gettext_noop(
                "%(person)s ended your role as %(role)s in %(group)s of %(school)s in Ontwikkelwijzer. What "
                "that role let you see is no longer open to you; your own plan and data stay yours."
            ),
            params={
                "person": str(by),
                "role": Role(membership.role).label,
                "group": group,
                "school": membership.organisation.name,
            },
        )


def _tell(user: User, *, subject: str, body: str, params: dict[str, object]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _(body) % params
        title = _(subject) % params
    try:
        send_mail(title, text + "\n", settings.DEFAULT_FROM_EMAIL, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not mail user %s", user.pk)


@dataclass(frozen=True)
class LeaveEffect:
    """What marking a person as having left does, for the confirmation page."""

    roles: list[Membership] = field(default_factory=list)
    invitations: int = 0
    closes_account: bool = False


def leave_effect(*, organisation: Organisation, user: User) -> LeaveEffect:
    roles = list(
        Membership.objects.filter(user=user, organisation=organisation)
        .select_related("team")
        .order_by("team__name", "role")
    )
    elsewhere = Membership.objects.filter(user=user).exclude(organisation=organisation).exists()
    waiting = invitations.waiting_for_address(organisation=organisation, email=user.email).count()
    return LeaveEffect(roles=roles, invitations=waiting, closes_account=not elsewhere and not user.is_staff)


def person_leave(*, organisation: Organisation, user: User, by: User, left_on: date) -> LeaveEffect:
    """Mark ``user`` as having left the school (see the module's docstring)."""
    with transaction.atomic():
        admins = list(
            Membership.objects.select_for_update().filter(organisation=organisation, role=Role.ADMIN)
        )
        if admins and all(m.user_id == user.pk for m in admins):
            raise invitations.CannotLeave  # the school's only administrator
        effect = leave_effect(organisation=organisation, user=user)
        Membership.objects.filter(user=user, organisation=organisation).delete()
        invitations.unanswered_for_address(organisation=organisation, email=user.email).update(
            revoked_at=timezone.now()
        )
        Departure.objects.update_or_create(
            organisation=organisation,
            user=user,
            defaults={"left_on": left_on, "recorded_by_name": str(by)},
        )
        if effect.closes_account:
            User.objects.filter(pk=user.pk).update(is_active=False)
        school_event(
            organisation=organisation,
            actor=by,
            action="left",
            about=user,
            detail=left_on.isoformat(),
        )
    return effect


def schools_only_administered_by(user: User) -> list[Organisation]:
    """The schools where the person is the only administrator: they cannot go (leave, or delete their
    account) before someone else has that role."""
    theirs = Membership.objects.filter(user=user, role=Role.ADMIN).values("organisation")
    others = Membership.objects.filter(role=Role.ADMIN).exclude(user=user).values("organisation")
    return list(Organisation.objects.filter(pk__in=theirs).exclude(pk__in=others))


def leavers_to_purge(*, today: date | None = None) -> QuerySet[User]:
    """Accounts of people who left their school more than ``LEAVER_RETENTION_DAYS`` ago, who are in no
    school now and are not invited back (an invitation still to be answered keeps the account)."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.LEAVER_RETENTION_DAYS)
    recent = Departure.objects.filter(left_on__gt=cutoff).values("user")
    invited = Invitation.objects.filter(invitations.valid()).values("email")
    return (
        User.objects.filter(departures__left_on__lte=cutoff)
        .exclude(pk__in=recent)
        .exclude(memberships__isnull=False)
        .exclude(email__in=invited)
        .distinct()
    )


def retention_days() -> int:
    return int(settings.LEAVER_RETENTION_DAYS)
