"""Joining and leaving a group, always by the person's own choice.

Nobody becomes a member of a team or a school without accepting an invitation:
- an open link (``invitation_create``), which a team leader shares with the people who should join;
- a personal invitation (``personal_invitation_create``), mailed to one address by a CSV import or when HR
  gives a work-field contact an account. Only the account with that address can accept it; someone
  without an account makes one with the link (the mailed link proves the address).
Until then the person is "invited": no membership exists, so nobody sees anything of theirs. They can
also decline. Nobody may invite their own mailbox (``accounts.addresses``: also not with a +tag) or accept
an invitation they made themselves, and a team leader sees the teachers' plans, so that role goes only to a
plain address at the school's own e-mail domains, which the school's IT hands out
(``Organisation.email_domains``; without them set, nobody can be invited as team leader). So an
administrator cannot make themselves a team leader (team leaders see plans; administrators do not). When a
team leader joins, the team's teachers are told by mail, with what the leader sees of them.

A member leaves a group with ``membership_leave``; the team's leaders are told by mail. A school's last
administrator cannot leave: somebody has to manage it. Accepting an invitation (the moment a role is given)
and leaving a group are written down in the school's audit (``teams.audit``).
"""

import logging
import re
import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.dispatch import Signal
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ontwikkelwijzer.accounts.addresses import same_mailbox
from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core.mail import mail_each
from ontwikkelwijzer.teams.audit import role_data, school_event
from ontwikkelwijzer.teams.constants import INVITATION_DAYS, Role
from ontwikkelwijzer.teams.models import Departure, Invitation, Membership, Organisation, Team

logger = logging.getLogger(__name__)

# Sent after a person accepted an invitation (sender: Invitation; membership=, invitation=): the work
# field links a partner contact to the account this way, without the teams app knowing about it.
invitation_accepted = Signal()

EXPIRED = "expired"
REVOKED = "revoked"
USED_UP = "used_up"
DECLINED = "declined"
OWN = "own"  # made by the person who tries to accept it (or by another address of their mailbox)
OTHER_ADDRESS = "other_address"  # a personal invitation for another e-mail address
NOT_VOUCHED = "not_vouched"  # a role that sees plans, for an address the school does not vouch for
SEES_PLANS = (Role.TEAM_LEADER,)  # roles that see other people's plans (teams.access)


class InvitationInvalid(Exception):
    """The invitation cannot be used (any more) by this person; `reason` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _expiry() -> datetime:
    return timezone.now() + timedelta(days=INVITATION_DAYS)


def invitation_create(*, team: Team, role: str, created_by: User) -> Invitation:
    """An open link to join `team` as a teacher, valid for INVITATION_DAYS days. Other roles see other
    people's data, so they are given to one person at a time (``personal_invitation_create``)."""
    if role != Role.TEACHER:
        raise ValueError(f"An open link is for teachers only, not {role}")
    return Invitation.objects.create(
        organisation=team.organisation, team=team, role=role, created_by=created_by, expires_at=_expiry()
    )


def personal_invitation_create(
    *,
    organisation: Organisation,
    team: Team | None,
    role: str,
    email: str,
    created_by: User | None,
    first_name: str = "",
    last_name: str = "",
    fte: Decimal | None = None,
) -> Invitation:
    """An invitation for one address (one use). A waiting one for the same group and role is replaced, so
    importing a list again sends a fresh link instead of piling up links."""
    email = email.strip().lower()
    if address_problem(organisation=organisation, role=role, email=email, inviter=created_by):
        raise ValueError("This address cannot be invited to this role (address_problem).")
    with transaction.atomic():
        waiting(organisation=organisation, team=team).filter(email=email, role=role).delete()
        # someone who left a school and is invited again gets their closed account back, to answer with
        # (their own data only; the school's record of their leaving goes when they accept)
        User.objects.filter(email__iexact=email, is_active=False, departures__isnull=False).update(
            is_active=True
        )
        return Invitation.objects.create(
            organisation=organisation,
            team=team,
            role=role,
            email=email,
            first_name=first_name,
            last_name=last_name,
            fte=fte,
            created_by=created_by,
            expires_at=_expiry(),
            max_uses=1,
        )


def address_problem(*, organisation: Organisation, role: str, email: str, inviter: User | None) -> str | None:
    """Why ``email`` cannot be invited to ``role`` by ``inviter``, as a message for next to the address
    (a form, a row of an import), or None. See the module's docstring for the rules."""
    if inviter is not None and same_mailbox(email, inviter.email):
        return _("This is your own address. Someone else has to invite you.")
    if role in SEES_PLANS and not organisation.domains:
        return _(
            "A team leader sees the teachers' plans, so this role goes only to an address of the school. "
            "An administrator first sets the school's e-mail domains."
        )
    if role in SEES_PLANS and not organisation.vouches_for(email):
        return _(
            "A team leader sees the teachers' plans, so this role goes only to an address of the school "
            "(%(domains)s), without a +."
        ) % {"domains": ", ".join(organisation.domains)}
    return None


TOKEN_RE = re.compile(r"[A-Za-z0-9_-]+")  # what secrets.token_urlsafe makes
TOKEN_MAX_LENGTH = 64  # Invitation.token


def invitation_get(token: str) -> Invitation | None:
    if not TOKEN_RE.fullmatch(token or "") or len(token) > TOKEN_MAX_LENGTH:
        return None
    return Invitation.objects.select_related("organisation", "team", "created_by").filter(token=token).first()


def invitation_problem(invitation: Invitation, user: User | None = None) -> str | None:
    """Why the invitation cannot be used (by `user`, when given), or None when it can."""
    if invitation.revoked_at is not None:
        return REVOKED
    if invitation.declined_at is not None:
        return DECLINED
    if invitation.expires_at <= timezone.now():
        return EXPIRED
    if invitation.uses >= invitation.max_uses:
        return USED_UP
    if invitation.role in SEES_PLANS and not (
        invitation.organisation.domains and invitation.organisation.vouches_for(invitation.email)
    ):
        return NOT_VOUCHED  # the school's domains changed since, or the invitation is from before them
    if user is not None and user.is_authenticated:
        inviter = invitation.created_by
        if invitation.created_by_id == user.pk or (inviter and same_mailbox(inviter.email, user.email)):
            return OWN
        if invitation.personal and user.email.lower() != invitation.email:
            return OTHER_ADDRESS
    return None


def valid() -> Q:
    """What an invitation that can still be accepted is (not declined, revoked, expired or used up)."""
    return Q(
        declined_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        uses__lt=F("max_uses"),
    )


def waiting(*, organisation: Organisation, team: Team | None) -> QuerySet[Invitation]:
    """Invitations of a group that can still be accepted."""
    return Invitation.objects.filter(valid(), organisation=organisation, team=team)


def waiting_for_address(*, organisation: Organisation, email: str) -> QuerySet[Invitation]:
    """The personal invitations to the address at this school (any team) that can still be accepted."""
    return Invitation.objects.filter(valid(), organisation=organisation, email=email.strip().lower())


def unanswered_for_address(*, organisation: Organisation | None, email: str) -> QuerySet[Invitation]:
    """The personal invitations to the address (at this school, or any) that were not answered or revoked,
    expired ones too (they can be sent again)."""
    found = Invitation.objects.filter(
        email=email.strip().lower(), declined_at__isnull=True, revoked_at__isnull=True, uses__lt=F("max_uses")
    )
    return found.filter(organisation=organisation) if organisation is not None else found


def invitations_active(*, team: Team) -> list[Invitation]:
    """Open links of the team that still work (personal invitations are listed per person)."""
    return list(
        waiting(organisation=team.organisation, team=team).filter(email="").order_by("-created_at", "-pk")
    )


def invited_people(*, team: Team) -> list[Invitation]:
    """People who were invited to the team personally and have not answered yet."""
    return list(
        waiting(organisation=team.organisation, team=team).exclude(email="").order_by("email", "role")
    )


def invitations_for(user: User) -> list[Invitation]:
    """Personal invitations waiting for this person's answer."""
    if not user.is_authenticated:
        return []
    return list(
        Invitation.objects.filter(valid(), email=user.email.lower())
        .exclude(created_by=user)
        .select_related("organisation", "team", "created_by")
        .order_by("created_at", "pk")
    )


def membership_of(invitation: Invitation, user: User) -> Membership | None:
    """The membership the invitation gives, when the person has it already."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(
        user=user, organisation=invitation.organisation, team=invitation.team, role=invitation.role
    ).first()


def invitation_accept(*, invitation: Invitation, user: User) -> tuple[Membership, bool]:
    """Make `user` a member as the invitation says; (membership, created).

    Someone who already has the membership keeps it; an open link then uses up nothing, a personal
    invitation is answered all the same (``invitation_accepted`` is sent). Otherwise one use is counted,
    in the database (F expression, only while still valid), so two people accepting at the same moment
    cannot go past max_uses; if the invitation turned invalid meanwhile nothing is saved.
    """
    held = membership_of(invitation, user)
    if held is not None:
        if invitation.personal and invitation_problem(invitation, user) is None:
            # still answered (and used up): what hangs on it, such as a second partner contact, follows
            Invitation.objects.filter(valid(), pk=invitation.pk).update(uses=F("uses") + 1)
            invitation_accepted.send(sender=Invitation, invitation=invitation, membership=held)
        return held, False
    problem = invitation_problem(invitation, user)
    if problem:
        raise InvitationInvalid(problem)
    try:
        with transaction.atomic():
            membership, created = Membership.objects.get_or_create(
                user=user, organisation=invitation.organisation, team=invitation.team, role=invitation.role
            )
            if created or invitation.personal:
                counted = Invitation.objects.filter(valid(), pk=invitation.pk).update(uses=F("uses") + 1)
                if not counted:
                    raise InvitationInvalid(USED_UP)  # rolls the membership back
            Departure.objects.filter(user=user, organisation=invitation.organisation).delete()
            if invitation.replaces_id is not None:  # a move: the old team's membership ends now
                Membership.objects.filter(pk=invitation.replaces_id, user=user).delete()
            if created:
                _accepted_written(invitation, user)
    except InvitationInvalid:
        invitation.refresh_from_db()
        raise InvitationInvalid(invitation_problem(invitation) or USED_UP) from None
    invitation_accepted.send(sender=Invitation, invitation=invitation, membership=membership)
    if created and membership.role == Role.TEAM_LEADER and membership.team is not None:
        _new_leader_told(membership)
    return membership, created


def invitation_accept_new_account(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> User:
    """Someone without an account accepts a personal invitation: the account is made with the invited
    address (the mailed link proves it), the name typed, and the FTE from the import."""
    if not invitation.personal:
        raise ValueError("Only a personal invitation makes an account.")
    problem = invitation_problem(invitation)
    if problem:
        raise InvitationInvalid(problem)
    with transaction.atomic():
        fields: dict[str, object] = {"first_name": first_name.strip(), "last_name": last_name.strip()}
        if invitation.fte is not None:
            fields["fte"] = invitation.fte
        user: User = User.objects.create_user(email=invitation.email, password=password, **fields)
        invitation_accept(invitation=invitation, user=user)
    return user


def invitation_decline(*, invitation: Invitation, user: User) -> None:
    """The invited person says no; the invitation can no longer be used."""
    problem = invitation_problem(invitation, user)
    if problem:
        raise InvitationInvalid(problem)
    if not invitation.personal:
        raise ValueError("Only a personal invitation can be declined.")
    Invitation.objects.filter(pk=invitation.pk, declined_at__isnull=True).update(declined_at=timezone.now())


def invitation_revoke(*, invitation: Invitation) -> bool:
    """The invitation can no longer be used; whoever opens it is told it was revoked. False when it had
    already been answered, revoked or had expired (nothing changes then)."""
    return bool(Invitation.objects.filter(valid(), pk=invitation.pk).update(revoked_at=timezone.now()))


def invitation_resend(*, invitation: Invitation, absolute_uri: Callable[[str], str]) -> bool:
    """Mail a personal invitation again, valid for another INVITATION_DAYS days from now (also after it
    expired; not after it was answered or revoked). False when the mail could not be sent."""
    if not invitation.personal or invitation.revoked_at or invitation.declined_at:
        raise ValueError("Only a waiting or expired personal invitation is sent again.")
    if invitation.uses >= invitation.max_uses:
        raise ValueError("This invitation was accepted.")
    invitation.expires_at = _expiry()
    invitation.save(update_fields=["expires_at", "updated_at"])
    return not invitation_mails_send([invitation], absolute_uri=absolute_uri)


def invitation_url(invitation: Invitation, absolute_uri: Callable[[str], str]) -> str:
    return absolute_uri(reverse("teams:accept", args=[invitation.token]))


def invitation_mail_send(*, invitation: Invitation, absolute_uri: Callable[[str], str]) -> None:
    """Mail a personal invitation. The same text whether or not the address has an account, so the mail
    (and the person who sends it) learns nothing about that."""
    group = invitation.team.name if invitation.team else invitation.organisation.name
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            "name": invitation.first_name or invitation.email,
            "sender": str(invitation.created_by) if invitation.created_by else invitation.organisation.name,
            "group": group,
            "organisation": invitation.organisation.name,
            "role": Role(invitation.role).label,
            "url": invitation_url(invitation, absolute_uri),
            "date": invitation.expires_at.date().isoformat(),
        }
        body = "\n\n".join(
            [
                _("Hello %(name)s,") % params,
                _(
                    "%(sender)s invites you to join %(group)s of %(organisation)s in Ontwikkelwijzer "
                    "as %(role)s."
                )
                % params,
                _(
                    "Open this link to see what that means and to accept or decline. If you have no account "
                    "yet, you make one there:"
                )
                + "\n"
                + str(params["url"]),
                _(
                    "Nothing of yours is shared until you accept. The link works until %(date)s. If you did "
                    "not expect this invitation, you can ignore this mail."
                )
                % params,
            ]
        )
        subject = _("Invitation to %(group)s in Ontwikkelwijzer") % params
    send_mail(subject, body + "\n", settings.DEFAULT_FROM_EMAIL, [invitation.email])


def invitation_mails_send(invitations: list[Invitation], *, absolute_uri: Callable[[str], str]) -> list[str]:
    """Mail each invitation; the addresses whose mail could not be sent (logged, not raised)."""
    failed = []
    for invitation in invitations:
        try:
            invitation_mail_send(invitation=invitation, absolute_uri=absolute_uri)
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not send invitation %s", invitation.pk)
            failed.append(invitation.email)
    return failed


def tell_about_waiting(sender: object, request: HttpRequest | None, user: User, **kwargs: object) -> None:
    """On signing in (the first time after a CSV import, say): a message with the invitations waiting for
    the person's answer, on the page they land on."""
    if request is None or not hasattr(request, "_messages"):
        return
    waiting_ones = invitations_for(user)
    if waiting_ones:
        groups = ", ".join(i.team.name if i.team else i.organisation.name for i in waiting_ones)
        messages.info(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("You have been invited to join %(groups)s.") % {"groups": groups},
                reverse("teams:privacy"),
                _("Accept or decline"),
            ),
        )


def _new_leader_told(membership: Membership) -> None:
    """Mail the team's teachers that a team leader joined and what they see (their plan; the log,
    reflections and self-scans only when the teacher shares them), and where to see or leave their groups."""
    team = membership.team
    assert team is not None
    teachers = User.objects.filter(memberships__team=team, memberships__role=Role.TEACHER)
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            "person": str(membership.user),
            "email": membership.user.email,
            "team": team.name,
            "url": settings.SITE_URL + reverse("teams:privacy"),
        }
        body = "\n\n".join(
            [
                _("%(person)s (%(email)s) is now a team leader of %(team)s in Ontwikkelwijzer.") % params,
                _(
                    "A team leader sees your development plan: the activities, their period and status, the "
                    "hours planned and the notes of the yearly conversation. Your log, reflections and "
                    "self-scans only when you share them."
                ),
                _(
                    "On your privacy page you see every group you are in and who sees what of you, and you "
                    "can leave a group there: %(url)s. Did you not expect this? Ask your school."
                )
                % params,
            ]
        )
        subject = _("A new team leader of %(team)s") % params
    to = teachers.exclude(pk=membership.user_id).values_list("email", flat=True)
    mail_each(subject, body, to, about=f"the new leader of team {team.pk}")


# --- Leaving ----------------------------------------------------------------------------------------


class CannotLeave(Exception):
    """This membership cannot end now (the school's last administrator)."""


def memberships_of(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation", "team")
        .order_by("organisation__name", "team__name", "role")
    )


def leaders_of(team: Team) -> list[User]:
    return list(User.objects.filter(memberships__team=team, memberships__role=Role.TEAM_LEADER).distinct())


def membership_end(membership: Membership) -> None:
    """Delete the membership, unless it is the school's last administrator (``CannotLeave``): somebody has
    to manage the school. The administrators are locked, so two ending at once cannot leave none."""
    with transaction.atomic():
        if membership.role == Role.ADMIN:
            admins = Membership.objects.select_for_update().filter(
                organisation=membership.organisation, role=Role.ADMIN
            )
            if len(admins) <= 1:
                raise CannotLeave
        membership.delete()


def _accepted_written(invitation: Invitation, user: User) -> None:
    """In the school's audit: the person took the role, by their own act."""
    school_event(
        organisation=invitation.organisation,
        actor=user,
        action="accepted",
        about=user,
        detail=_group_name(invitation.team, invitation.organisation),
        data=role_data(invitation.role),
    )


def _group_name(team: Team | None, organisation: Organisation) -> str:
    return team.name if team else organisation.name


def membership_leave(*, membership: Membership) -> None:
    """The person ends their own membership, written down in the school's audit; the team's leaders (or
    the school's administrators) get a mail."""
    with transaction.atomic():
        membership_end(membership)
        school_event(
            organisation=membership.organisation,
            actor=membership.user,
            action="left_group",
            about=membership.user,
            detail=_group_name(membership.team, membership.organisation),
            data=role_data(membership.role),
        )
    if membership.team is not None:
        told = leaders_of(membership.team)
    else:
        told = list(
            User.objects.filter(
                memberships__organisation=membership.organisation, memberships__role=Role.ADMIN
            ).distinct()
        )
    told = [u for u in told if u.pk != membership.user_id]
    if told:
        try:
            _left_mail_send(membership=membership, to=told)
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not tell the leaders that membership %s ended", membership.pk)


def _left_mail_send(*, membership: Membership, to: list[User]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            "person": str(membership.user),
            "group": membership.team.name if membership.team else membership.organisation.name,
            "role": Role(membership.role).label,
        }
        body = (
            _(
                "%(person)s has left %(group)s (as %(role)s) in Ontwikkelwijzer. From now on you no "
                "longer see anything of theirs there."
            )
            % params
        )
        subject = _("%(person)s has left %(group)s") % params
    send_mail(subject, body + "\n", settings.DEFAULT_FROM_EMAIL, [u.email for u in to])
