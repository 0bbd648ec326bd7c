"""A team's members: the list, invitation links, a CSV import (dry run first), removing a teacher and
revoking an invitation (each asks first, ``core.confirm``), and joining by link.

Only the team's leaders (and the organisation's administrators) get past access.get_team_for_leader;
everyone else gets a 404.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core.confirm import Confirmation, confirm_page, confirmed
from ontwikkelwijzer.core.schoolyear import school_year_for
from ontwikkelwijzer.teams import access, invitations, school_admin
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.member_forms import InvitationAccountForm, InvitationForm
from ontwikkelwijzer.teams.models import Invitation, Membership, Team
from ontwikkelwijzer.teams.views import importing


def _invitation_url(request, invitation) -> str:
    return invitations.invitation_url(invitation, request.build_absolute_uri)


def _render_members(request, team: Team, *, invitation_form: InvitationForm | None = None, status: int = 200):
    memberships = list(
        Membership.objects.filter(team=team)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email", "role")
    )
    leader_ids = {m.user_id for m in memberships if m.role == Role.TEAM_LEADER}
    links = [
        {"invitation": invitation, "url": _invitation_url(request, invitation)}
        for invitation in invitations.invitations_active(team=team)
    ]
    context = {
        "team": team,
        "memberships": memberships,
        "removable": {m.pk for m in memberships if _removable(m, request.user, leader_ids)},
        "invitations": links,
        "invited": invitations.invited_people(team=team),
        "invitation_form": invitation_form or InvitationForm(team=team, inviter=request.user),
        "current_year": school_year_for(date.today()),
        "sees_plans": access.leads(request.user, team),  # an administrator manages members, sees no plans
    }
    return render(request, "teams/members.html", context, status=status)


@login_required
@require_safe
def team_members(request, pk: int):
    team = access.get_team_for_leader(request.user, pk)
    return _render_members(request, team)


@login_required
@require_POST
def invite(request, pk: int):
    """A link for teachers, or a personal invitation mailed to one person."""
    team = access.get_team_for_leader(request.user, pk)
    form = InvitationForm(request.POST, team=team, inviter=request.user)
    if not form.is_valid():
        return _render_members(request, team, invitation_form=form, status=400)
    role, email = form.cleaned_data["role"], form.cleaned_data["email"]
    if email:
        _invitation, mailed = school_admin.invite(
            organisation=team.organisation,
            team=team,
            role=role,
            email=email,
            by=request.user,
            absolute_uri=request.build_absolute_uri,
        )
        if not mailed:
            messages.error(
                request,
                _("The invitation is made, but the mail to %(email)s could not be sent. Try again later.")
                % {"email": email},
            )
        else:
            messages.success(
                request,
                _("%(email)s got an e-mail with a personal invitation. They join when they accept it.")
                % {"email": email},
            )
        return redirect("teams:members", pk=team.pk)
    invitation = school_admin.link_create(team=team, by=request.user)  # a link is for teachers only
    messages.success(
        request,
        _("The invitation link is ready. Share it with the people who should join: %(url)s")
        % {"url": _invitation_url(request, invitation)},
    )
    return redirect("teams:members", pk=team.pk)


# --- Removing a teacher, revoking an invitation -------------------------------------------------------


def _leader_ids(team: Team) -> set[int]:
    return set(Membership.objects.filter(team=team, role=Role.TEAM_LEADER).values_list("user_id", flat=True))


def _removable(membership: Membership, user: User, leader_ids: set[int]) -> bool:
    """A teacher of the team other than the user, who does not lead the team: a leader leaves on their
    privacy page, and only the school's administrator takes the leader's role away."""
    return (
        membership.role == Role.TEACHER
        and membership.user_id != user.pk
        and membership.user_id not in leader_ids
    )


def _removal_confirmation(membership: Membership, team: Team) -> Confirmation:
    what = {"person": str(membership.user), "team": team.name}
    return Confirmation(
        title=_("Remove %(person)s from %(team)s?") % what,
        consequences=[
            _("%(person)s is no longer in team %(team)s.") % what,
            _("The leaders of %(team)s no longer see the development plan of %(person)s.") % what,
            _("The plan and all other data of %(person)s stay their own: nothing is deleted.") % what,
            _("%(person)s gets an e-mail that you removed them from the team.") % what,
        ],
        button=_("Remove from the team"),
        cancel_url=reverse("teams:members", args=[team.pk]),
        undo=_("You can invite %(person)s again; they join only when they accept.") % what,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_remove(request, pk: int, membership_pk: int):
    """GET asks first (``core.confirm``); only the POST of that page removes the teacher from the team."""
    team = access.get_team_for_leader(request.user, pk)
    membership = (
        Membership.objects.filter(pk=membership_pk, team=team).select_related("user", "organisation").first()
    )
    if membership is None or not _removable(membership, request.user, _leader_ids(team)):
        raise Http404("No such member.")
    membership.team = team  # the one already loaded, with its organisation
    if not confirmed(request):
        return confirm_page(request, _removal_confirmation(membership, team))
    person = str(membership.user)
    try:
        school_admin.role_take(membership=membership, by=request.user, action="member_removed")
    except invitations.CannotLeave:  # not a teacher's membership; kept for safety
        raise Http404("No such member.") from None
    messages.success(
        request,
        _("%(person)s is no longer in %(team)s and got an e-mail about it.")
        % {"person": person, "team": team.name},
    )
    return redirect("teams:members", pk=team.pk)


def _revoke_confirmation(invitation: Invitation, team: Team) -> Confirmation:
    what = {"email": invitation.email, "team": team.name}
    if invitation.personal:
        title = _("Revoke the invitation of %(email)s?") % what
        consequences = [
            _("%(email)s can no longer join %(team)s with this invitation.") % what,
            _("Whoever opens the link is told that the invitation was revoked; no e-mail is sent about it."),
        ]
        undo = _("You can invite %(email)s again afterwards.") % what
    else:
        title = _("Revoke this invitation link?")
        consequences = [
            _("Nobody can join %(team)s with this link any more.") % what,
            _("Whoever opens the link is told that the invitation was revoked."),
            _("People who already joined with it stay in the team."),
        ]
        undo = _("You can make a new link afterwards.")
    return Confirmation(
        title=title,
        consequences=consequences,
        button=_("Revoke the invitation"),
        cancel_url=reverse("teams:members", args=[team.pk]),
        undo=undo,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_revoke(request, pk: int, invitation_pk: int):
    """GET asks first (``core.confirm``); only the POST of that page revokes. An invitation that can no
    longer be used (answered, expired, revoked already) is left as it is."""
    team = access.get_team_for_leader(request.user, pk)
    invitation = Invitation.objects.filter(pk=invitation_pk, team=team).first()
    if invitation is None:
        raise Http404("No such invitation.")
    invitation.team = team
    if not invitations.waiting(organisation=team.organisation, team=team).filter(pk=invitation.pk).exists():
        messages.info(request, _("This invitation can no longer be used; nothing was changed."))
        return redirect("teams:members", pk=team.pk)
    if not confirmed(request):
        return confirm_page(request, _revoke_confirmation(invitation, team))
    if school_admin.invitation_revoke(invitation=invitation, by=request.user):
        messages.success(request, _("The invitation was revoked. Whoever opens it is told so."))
    else:  # it was answered or revoked meanwhile
        messages.info(request, _("This invitation can no longer be used; nothing was changed."))
    return redirect("teams:members", pk=team.pk)


ACCEPT_TEMPLATE = "teams/accept.html"


def _invitation_or_page(request, token: str):
    """(invitation, None) when it can be answered by this visitor, else (None, the page that says why)."""
    invitation = invitations.invitation_get(token)
    if invitation is None:
        return None, render(request, ACCEPT_TEMPLATE, {"state": "unknown"}, status=404)
    problem = invitations.invitation_problem(invitation, request.user)
    if problem and invitations.membership_of(invitation, request.user) is None:
        status = 404 if problem in (invitations.OWN, invitations.OTHER_ADDRESS) else 410
        context = {"state": problem, "invitation": invitation}
        return None, render(request, ACCEPT_TEMPLATE, context, status=status)
    return invitation, None


def _joined(request, invitation, created: bool):
    where = {
        "team": invitation.team.name if invitation.team else invitation.organisation.name,
        "role": invitation.get_role_display(),
    }
    if created:
        messages.success(request, _("Welcome! You are now in %(team)s as %(role)s.") % where)
    else:
        messages.info(request, _("You were already in %(team)s as %(role)s.") % where)
    return redirect("workfield:partner_home" if invitation.role == Role.PARTNER else "plans:current")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accept(request, token: str):
    """The invitation: what joining means, and a button to join (or to decline a personal one)."""
    invitation, refused = _invitation_or_page(request, token)
    if refused:
        return refused
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            _membership, created = invitations.invitation_accept(invitation=invitation, user=request.user)
        except invitations.InvitationInvalid as error:
            context = {"state": error.reason, "invitation": invitation}
            return render(request, ACCEPT_TEMPLATE, context, status=410)
        return _joined(request, invitation, created)
    context = {"state": "valid", "invitation": invitation}
    if request.user.is_authenticated:
        context["already"] = invitations.membership_of(invitation, request.user) is not None
    elif invitation.personal:
        # Only whoever received the mailed link gets here; they may know whether their address has an account.
        context["has_account"] = User.objects.filter(email__iexact=invitation.email).exists()
        if not context["has_account"]:
            context["account_form"] = InvitationAccountForm(invitation=invitation)
    return render(request, ACCEPT_TEMPLATE, context)


@never_cache
@require_POST
def accept_new_account(request, token: str):
    """Someone without an account accepts a personal invitation by making one with the invited address."""
    invitation, refused = _invitation_or_page(request, token)
    if refused:
        return refused
    if request.user.is_authenticated or not invitation.personal:
        return redirect("teams:accept", token=token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        return redirect_to_login(reverse("teams:accept", args=[token]))
    form = InvitationAccountForm(request.POST, invitation=invitation)
    if not form.is_valid():
        context = {"state": "valid", "invitation": invitation, "has_account": False, "account_form": form}
        return render(request, ACCEPT_TEMPLATE, context, status=400)
    try:
        user = invitations.invitation_accept_new_account(
            invitation=invitation,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            password=form.cleaned_data["new_password1"],
        )
    except (invitations.InvitationInvalid, IntegrityError):
        return redirect("teams:accept", token=token)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return _joined(request, invitation, True)


@login_required
@require_POST
def decline(request, token: str):
    invitation, refused = _invitation_or_page(request, token)
    if refused:
        return refused
    if not invitation.personal:
        raise Http404("Only a personal invitation can be declined.")
    invitations.invitation_decline(invitation=invitation, user=request.user)
    group = invitation.team.name if invitation.team else invitation.organisation.name
    messages.info(request, _("You declined the invitation to %(group)s.") % {"group": group})
    return redirect("teams:privacy")


def _import_target(team: Team) -> importing.ImportTarget:
    return importing.ImportTarget(
        organisation=team.organisation,
        team=team,
        url=reverse("teams:import", args=[team.pk]),
        confirm_url=reverse("teams:import_confirm", args=[team.pk]),
        back_url=reverse("teams:members", args=[team.pk]),
        back_label=_("Back to the members of %(team)s") % {"team": team.name},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_csv(request, pk: int):
    """Step 1: upload, check and show what would happen (nothing changes)."""
    team = access.get_team_for_leader(request.user, pk)
    return importing.import_page(request, _import_target(team))


@login_required
@require_POST
def import_confirm(request, pk: int):
    """Step 2: confirm the dry run just shown, and send the invitations."""
    team = access.get_team_for_leader(request.user, pk)
    return importing.import_confirm(request, _import_target(team))
