"""A team's members: the list, invitation links, a CSV import (dry run first), and joining by link.

Only the team's leaders (and the organisation's administrators) get past access.get_team_for_leader;
everyone else gets a 404.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ontwikkelwijzer.plans.schoolyear import school_year_for
from ontwikkelwijzer.teams import access
from ontwikkelwijzer.teams import members as services
from ontwikkelwijzer.teams.member_forms import ImportConfirmForm, InvitationForm, MemberImportForm
from ontwikkelwijzer.teams.models import Membership, Team

SESSION_KEY = "team_import"


def _invitation_url(request, invitation) -> str:
    return request.build_absolute_uri(reverse("teams:accept", args=[invitation.token]))


def _render_members(request, team: Team, *, invitation_form: InvitationForm | None = None, status: int = 200):
    memberships = list(
        Membership.objects.filter(team=team)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email", "role")
    )
    invitations = [
        {"invitation": invitation, "url": _invitation_url(request, invitation)}
        for invitation in services.invitations_active(team=team)
    ]
    context = {
        "team": team,
        "memberships": memberships,
        "invitations": invitations,
        "invitation_form": invitation_form or InvitationForm(),
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
    team = access.get_team_for_leader(request.user, pk)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _render_members(request, team, invitation_form=form, status=400)
    invitation = services.invitation_create(
        team=team, role=form.cleaned_data["role"], created_by=request.user
    )
    messages.success(
        request,
        _("The invitation link is ready. Share it with the people who should join: %(url)s")
        % {"url": _invitation_url(request, invitation)},
    )
    return redirect("teams:members", pk=team.pk)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accept(request, token: str):
    invitation = services.invitation_get(token)
    if invitation is None:
        return render(request, "teams/accept.html", {"state": "unknown"}, status=404)
    problem = services.invitation_problem(invitation)
    if problem:
        return render(request, "teams/accept.html", {"state": problem, "invitation": invitation}, status=410)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            _membership, created = services.invitation_accept(invitation=invitation, user=request.user)
        except services.InvitationInvalid as error:
            context = {"state": error.reason, "invitation": invitation}
            return render(request, "teams/accept.html", context, status=410)
        where = {
            "team": invitation.team.name if invitation.team else invitation.organisation.name,
            "role": invitation.get_role_display(),
        }
        if created:
            messages.success(request, _("Welcome! You are now in %(team)s as %(role)s.") % where)
        else:
            messages.info(request, _("You were already in %(team)s as %(role)s.") % where)
        return redirect("plans:current")
    already = (
        request.user.is_authenticated
        and Membership.objects.filter(
            user=request.user,
            organisation=invitation.organisation,
            team=invitation.team,
            role=invitation.role,
        ).exists()
    )
    return render(
        request, "teams/accept.html", {"state": "valid", "invitation": invitation, "already": already}
    )


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
    plan = services.import_plan(team, form.parsed)
    digest = services.import_digest(form.text)
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
        and constant_time_compare(services.import_digest(stored["text"]), form.cleaned_data["digest"])
    )
    if not valid:
        messages.error(
            request, _("This import is no longer waiting for confirmation. Upload the file again.")
        )
        return redirect("teams:import", pk=team.pk)
    try:
        parsed = services.parse_member_csv(stored["text"])
        result = services.import_apply(
            team=team, parsed=parsed, added_by=request.user, absolute_uri=request.build_absolute_uri
        )
    except services.CsvError:
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
