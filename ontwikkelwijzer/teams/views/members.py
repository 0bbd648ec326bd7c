"""A team's members: the list, invitation links, a CSV import (dry run first), and joining by link.

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
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core.schoolyear import school_year_for
from ontwikkelwijzer.teams import access, invitations, member_import
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.member_forms import (
    ImportConfirmForm,
    InvitationAccountForm,
    InvitationForm,
    MemberImportForm,
)
from ontwikkelwijzer.teams.models import Membership, Team

SESSION_KEY = "team_import"


def _invitation_url(request, invitation) -> str:
    return invitations.invitation_url(invitation, request.build_absolute_uri)


def _render_members(request, team: Team, *, invitation_form: InvitationForm | None = None, status: int = 200):
    memberships = list(
        Membership.objects.filter(team=team)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email", "role")
    )
    links = [
        {"invitation": invitation, "url": _invitation_url(request, invitation)}
        for invitation in invitations.invitations_active(team=team)
    ]
    context = {
        "team": team,
        "memberships": memberships,
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
        invitation = invitations.personal_invitation_create(
            organisation=team.organisation, team=team, role=role, email=email, created_by=request.user
        )
        if invitations.invitation_mails_send([invitation], absolute_uri=request.build_absolute_uri):
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
    invitation = invitations.invitation_create(team=team, role=role, created_by=request.user)
    messages.success(
        request,
        _("The invitation link is ready. Share it with the people who should join: %(url)s")
        % {"url": _invitation_url(request, invitation)},
    )
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


def _render_import(request, team: Team, **context):
    context.setdefault("form", MemberImportForm())
    return render(request, "teams/import.html", {"team": team, **context})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_csv(request, pk: int):
    """Step 1: upload, check and show what would happen (nothing changes). Step 2: confirm and apply."""
    team = access.get_team_for_leader(request.user, pk)
    if request.method != "POST":
        return _render_import(request, team)
    if request.POST.get("confirm"):
        return _import_confirm(request, team)
    form = MemberImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_import(request, team, form=form)
    plan = member_import.import_plan(team, form.parsed, by=request.user)
    digest = member_import.import_digest(form.text)
    confirm_form = None
    if plan.has_changes:
        request.session[SESSION_KEY] = {"team": team.pk, "text": form.text, "digest": digest}
        confirm_form = ImportConfirmForm(initial={"confirm": "1", "digest": digest})
    else:
        request.session.pop(SESSION_KEY, None)
    return _render_import(
        request, team, plan=plan, confirm_form=confirm_form, file_name=form.cleaned_data["file"].name
    )


def _import_confirm(request, team: Team):
    stored = request.session.get(SESSION_KEY) or {}
    form = ImportConfirmForm(request.POST)
    valid = (
        form.is_valid()
        and stored.get("team") == team.pk
        and isinstance(stored.get("text"), str)
        and constant_time_compare(stored.get("digest", ""), form.cleaned_data["digest"])
        and constant_time_compare(member_import.import_digest(stored["text"]), form.cleaned_data["digest"])
    )
    if not valid:
        messages.error(
            request, _("This import is no longer waiting for confirmation. Upload the file again.")
        )
        return redirect("teams:import", pk=team.pk)
    try:
        parsed = member_import.parse_member_csv(stored["text"])
        result = member_import.import_apply(
            team=team, parsed=parsed, added_by=request.user, absolute_uri=request.build_absolute_uri
        )
    except member_import.CsvError:
        request.session.pop(SESSION_KEY, None)
        messages.error(
            request, _("This import is no longer waiting for confirmation. Upload the file again.")
        )
        return redirect("teams:import", pk=team.pk)
    except IntegrityError:
        messages.error(
            request,
            _(
                "Someone changed these accounts at the same moment. "
                "Nothing was imported; upload the file again."
            ),
        )
        return redirect("teams:import", pk=team.pk)
    request.session.pop(SESSION_KEY, None)
    return _render_import(request, team, result=result)
