"""The school administration, for the school's administrators (``access.get_organisation_for_admin``: 404
for anyone else): the school and its teams, the people and their roles, invitations, leaving, the audit.
The operator of the installation (``is_staff``, see ``accounts`` command ``create_admin``) creates schools.
Every change goes through ``teams.school_admin``."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core.confirm import Confirmation, confirm_page, confirmed
from ontwikkelwijzer.teams import access, audit, invitations, school_admin
from ontwikkelwijzer.teams.admin_forms import (
    AdminInvitationForm,
    MoveForm,
    SchoolNameForm,
    TeamNameForm,
)
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Departure, Invitation, Membership, Organisation, SchoolEvent, Team
from ontwikkelwijzer.teams.views import importing


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def admin_home(request):
    """The schools the person administers; the operator also creates a school here."""
    schools = access.organisations_administered_by(request.user)
    if not request.user.is_staff:
        if not schools or request.method == "POST":
            raise Http404("Not an administrator.")
        if len(schools) == 1:
            return redirect("teams:school_admin", schools[0].pk)
    form = SchoolNameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = school_admin.school_create(name=form.cleaned_data["name"], by=request.user)
        messages.success(
            request,
            _("%(school)s is made and you are its administrator. Now make its teams.")
            % {"school": organisation.name},
        )
        return redirect("teams:school_admin", organisation.pk)
    status = 400 if form.errors else 200
    return render(request, "teams/admin/home.html", {"schools": schools, "form": form}, status=status)


def _school_page(request, organisation: Organisation, *, name_form=None, team_form=None, status=200):
    teams = Team.objects.filter(organisation=organisation).order_by("name")
    counts: dict[int, dict[str, int]] = {}
    for team_id, role in Membership.objects.filter(organisation=organisation, team__isnull=False).values_list(
        "team", "role"
    ):
        counts.setdefault(team_id, {}).setdefault(role, 0)
        counts[team_id][role] += 1
    context = {
        "organisation": organisation,
        "teams": [
            {
                "team": team,
                "teachers": counts.get(team.pk, {}).get(Role.TEACHER, 0),
                "leaders": counts.get(team.pk, {}).get(Role.TEAM_LEADER, 0),
            }
            for team in teams
        ],
        "name_form": name_form or SchoolNameForm(initial={"name": organisation.name}),
        "team_form": team_form or TeamNameForm(organisation=organisation, prefix="team"),
    }
    return render(request, "teams/admin/school.html", context, status=status)


@login_required
@require_safe
def school(request, pk: int):
    return _school_page(request, access.get_organisation_for_admin(request.user, pk))


@login_required
@require_POST
def school_rename(request, pk: int):
    organisation = access.get_organisation_for_admin(request.user, pk)
    form = SchoolNameForm(request.POST)
    if not form.is_valid():
        return _school_page(request, organisation, name_form=form, status=400)
    school_admin.school_rename(organisation=organisation, name=form.cleaned_data["name"], by=request.user)
    messages.success(request, _("The school's name was saved."))
    return redirect("teams:school_admin", organisation.pk)


@login_required
@require_POST
def team_create(request, pk: int):
    organisation = access.get_organisation_for_admin(request.user, pk)
    form = TeamNameForm(request.POST, organisation=organisation, prefix="team")
    if not form.is_valid():
        return _school_page(request, organisation, team_form=form, status=400)
    team = school_admin.team_create(
        organisation=organisation, name=form.cleaned_data["name"], by=request.user
    )
    messages.success(
        request, _("The team %(team)s was made. Invite its team leader and teachers.") % {"team": team.name}
    )
    return redirect("teams:school_admin", organisation.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def team_edit(request, pk: int, team_pk: int):
    organisation = access.get_organisation_for_admin(request.user, pk)
    team = Team.objects.filter(organisation=organisation, pk=team_pk).first()
    if team is None:
        raise Http404("No such team.")
    form = TeamNameForm(request.POST or None, organisation=organisation, team=team)
    if request.method == "POST" and form.is_valid():
        school_admin.team_rename(team=team, name=form.cleaned_data["name"], by=request.user)
        messages.success(request, _("The team's name was saved."))
        return redirect("teams:school_admin", organisation.pk)
    status = 400 if form.errors else 200
    context = {"organisation": organisation, "team": team, "form": form}
    return render(request, "teams/admin/team.html", context, status=status)


@dataclass(frozen=True)
class PersonRow:
    user: User
    memberships: list[Membership]


def _people(organisation: Organisation) -> list[PersonRow]:
    rows: dict[int, PersonRow] = {}
    for membership in (
        Membership.objects.filter(organisation=organisation)
        .select_related("user", "team")
        .order_by("user__last_name", "user__first_name", "user__email", "team__name", "role")
    ):
        rows.setdefault(membership.user_id, PersonRow(membership.user, [])).memberships.append(membership)
    return list(rows.values())


def _people_page(request, organisation: Organisation, *, form=None, status=200):
    context = {
        "organisation": organisation,
        "people": _people(organisation),
        "invited": list(
            Invitation.objects.filter(organisation=organisation)
            .exclude(email="")
            .filter(uses__lt=1, declined_at__isnull=True, revoked_at__isnull=True)
            .select_related("team")
            .order_by("email", "role")
        ),
        "now": timezone.now(),
        "leavers": Departure.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-left_on"),
        "form": form or AdminInvitationForm(organisation=organisation, inviter=request.user),
    }
    return render(request, "teams/admin/people.html", context, status=status)


@login_required
@require_safe
def people(request, pk: int):
    return _people_page(request, access.get_organisation_for_admin(request.user, pk))


@login_required
@require_POST
def invite(request, pk: int):
    organisation = access.get_organisation_for_admin(request.user, pk)
    form = AdminInvitationForm(request.POST, organisation=organisation, inviter=request.user)
    if not form.is_valid():
        return _people_page(request, organisation, form=form, status=400)
    data = form.cleaned_data
    _invitation, mailed = school_admin.invite(
        organisation=organisation,
        team=data["team"],
        role=data["role"],
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        by=request.user,
        absolute_uri=request.build_absolute_uri,
    )
    _mail_message(request, data["email"], mailed)
    return redirect("teams:people", organisation.pk)


def _mail_message(request, email: str, mailed: bool) -> None:
    if mailed:
        messages.success(
            request,
            _("%(email)s got an e-mail with a personal invitation. Nothing changes until they accept it.")
            % {"email": email},
        )
    else:
        messages.error(
            request,
            _("The invitation is made, but the mail to %(email)s could not be sent. Send it again later.")
            % {"email": email},
        )


def _person(organisation: Organisation, user_pk: int) -> User:
    user = User.objects.filter(pk=user_pk, memberships__organisation=organisation).distinct().first()
    if user is None:
        raise Http404("No such person at this school.")
    return user


def _person_page(request, organisation: Organisation, person: User, *, move_forms=None, status=200):
    memberships = list(
        Membership.objects.filter(organisation=organisation, user=person)
        .select_related("team", "user")
        .order_by("team__name", "role")
    )
    move_forms = move_forms or {}
    rows = [
        {
            "membership": m,
            "move_form": move_forms.get(m.pk) or MoveForm(membership=m, prefix=f"move{m.pk}")
            if m.role == Role.TEACHER and m.team_id
            else None,
        }
        for m in memberships
    ]
    invite_form = AdminInvitationForm(
        organisation=organisation,
        inviter=request.user,
        initial={"email": person.email, "first_name": person.first_name, "last_name": person.last_name},
    )
    context = {
        "organisation": organisation,
        "person": person,
        "rows": rows,
        "invite_form": invite_form,
        "waiting": list(
            invitations.waiting_for_address(organisation=organisation, email=person.email).select_related(
                "team"
            )
        ),
        "is_self": person.pk == request.user.pk,
        "has_staff_role": any(m.role != Role.PARTNER for m in memberships),  # partners have no hours rule
    }
    return render(request, "teams/admin/person.html", context, status=status)


@login_required
@require_safe
def person(request, pk: int, user_pk: int):
    organisation = access.get_organisation_for_admin(request.user, pk)
    return _person_page(request, organisation, _person(organisation, user_pk))


def _membership(organisation: Organisation, membership_pk: int) -> Membership:
    membership = (
        Membership.objects.filter(organisation=organisation, pk=membership_pk)
        .select_related("user", "team", "organisation")
        .first()
    )
    if membership is None:
        raise Http404("No such role at this school.")
    return membership


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def role_take(request, pk: int, membership_pk: int):
    organisation = access.get_organisation_for_admin(request.user, pk)
    membership = _membership(organisation, membership_pk)
    if membership.role == Role.PARTNER:  # with the partner's contact: workfield's contact_deactivate
        raise Http404("A partner's contact is deactivated with the work-field partners.")
    person_url = reverse("teams:person", args=[organisation.pk, membership.user_id])
    params = {
        "person": str(membership.user),
        "role": membership.get_role_display(),
        "group": membership.team.name if membership.team else organisation.name,
    }
    if not confirmed(request):
        consequences = [
            _("%(person)s is no longer %(role)s in %(group)s, from now on.") % params,
            _("What the role let them see is closed to them at once. Their own plan and data stay theirs.")
            % params,
            _("They get an e-mail that you ended the role.") % params,
        ]
        if membership.role == Role.TEACHER:
            consequences.append(_("The team leaders of %(group)s no longer see their plan.") % params)
        return confirm_page(
            request,
            Confirmation(
                title=_("Take the role %(role)s in %(group)s away from %(person)s?") % params,
                consequences=consequences,
                button=_("Take the role away"),
                cancel_url=person_url,
                undo=_("To give it back, invite them to the role again; they accept it themselves."),
            ),
        )
    try:
        school_admin.role_take(membership=membership, by=request.user)
    except invitations.CannotLeave:
        messages.error(
            request,
            _("%(person)s is the only administrator of %(group)s. Give someone else that role first.")
            % params,
        )
        return redirect(person_url)
    messages.success(request, _("%(person)s is no longer %(role)s in %(group)s.") % params)
    if Membership.objects.filter(organisation=organisation, user=membership.user).exists():
        return redirect(person_url)
    return redirect("teams:people", organisation.pk)


@login_required
@require_POST
def move(request, pk: int, membership_pk: int):
    organisation = access.get_organisation_for_admin(request.user, pk)
    membership = _membership(organisation, membership_pk)
    if membership.role != Role.TEACHER or membership.team_id is None:
        raise Http404("Only a teacher moves between teams.")
    form = MoveForm(request.POST, membership=membership, prefix=f"move{membership.pk}")
    if not form.is_valid():
        return _person_page(
            request, organisation, membership.user, move_forms={membership.pk: form}, status=400
        )
    team = form.cleaned_data["team"]
    problem = invitations.address_problem(
        organisation=organisation, role=Role.TEACHER, email=membership.user.email, inviter=request.user
    )
    if problem:
        form.add_error("team", problem)
        return _person_page(
            request, organisation, membership.user, move_forms={membership.pk: form}, status=400
        )
    _invitation, mailed = school_admin.invite(
        organisation=organisation,
        team=team,
        role=Role.TEACHER,
        email=membership.user.email,
        by=request.user,
        absolute_uri=request.build_absolute_uri,
        replaces=membership,
    )
    if mailed:
        messages.success(
            request,
            _("%(person)s got an e-mail asking to move to %(team)s. Until they accept, they stay in %(old)s.")
            % {"person": membership.user, "team": team.name, "old": membership.team.name},
        )
    else:
        _mail_message(request, membership.user.email, mailed)
    return redirect("teams:person", organisation.pk, membership.user_id)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def person_leave(request, pk: int, user_pk: int):
    organisation = access.get_organisation_for_admin(request.user, pk)
    person = _person(organisation, user_pk)
    person_url = reverse("teams:person", args=[organisation.pk, person.pk])
    if person.pk == request.user.pk:
        messages.error(request, _("You cannot mark yourself as having left. Another administrator can."))
        return redirect(person_url)
    if not confirmed(request):
        effect = school_admin.leave_effect(organisation=organisation, user=person)
        params = {"person": str(person), "school": organisation.name}
        consequences = [
            ngettext(
                "%(person)s loses their %(count)s role at %(school)s at once: %(roles)s.",
                "%(person)s loses their %(count)s roles at %(school)s at once: %(roles)s.",
                len(effect.roles),
            )
            % {
                **params,
                "count": len(effect.roles),
                "roles": ", ".join(
                    f"{m.get_role_display()} ({m.team.name if m.team else organisation.name})"
                    for m in effect.roles
                ),
            }
        ]
        if effect.invitations:
            consequences.append(
                ngettext(
                    "Their invitation still waiting is revoked.",
                    "Their %(count)s invitations still waiting are revoked.",
                    effect.invitations,
                )
                % {"count": effect.invitations}
            )
        if effect.closes_account:
            consequences.append(_("They can no longer sign in: their account is closed at once.") % params)
            consequences.append(
                ngettext(
                    "Their plans, log, evidence and reflections are kept %(days)s day and then deleted for "
                    "good (purge_expired).",
                    "Their plans, log, evidence and reflections are kept %(days)s days and then deleted for "
                    "good (purge_expired).",
                    school_admin.retention_days(),
                )
                % {"days": school_admin.retention_days()}
            )
        else:
            consequences.append(
                _("They also work at another school, so their account stays open for that.") % params
            )
        return confirm_page(
            request,
            Confirmation(
                title=_("Mark %(person)s as having left %(school)s?") % params,
                consequences=consequences,
                button=_("Mark as having left"),
                cancel_url=person_url,
                undo=_("Until then, inviting them again gives them their account back."),
            ),
        )
    try:
        school_admin.person_leave(
            organisation=organisation, user=person, by=request.user, left_on=timezone.localdate()
        )
    except invitations.CannotLeave:
        messages.error(
            request,
            _("%(person)s is the only administrator of %(school)s. Give someone else that role first.")
            % {"person": person, "school": organisation.name},
        )
        return redirect(person_url)
    messages.success(request, _("%(person)s is marked as having left.") % {"person": person})
    return redirect("teams:people", organisation.pk)


def _invitation(organisation: Organisation, invitation_pk: int) -> Invitation:
    invitation = (
        Invitation.objects.filter(organisation=organisation, pk=invitation_pk)
        .select_related("team", "organisation")
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation at this school.")
    return invitation


@login_required
@require_POST
def invitation_resend(request, pk: int, invitation_pk: int):
    organisation = access.get_organisation_for_admin(request.user, pk)
    invitation = _invitation(organisation, invitation_pk)
    try:
        mailed = school_admin.invitation_resend(
            invitation=invitation, by=request.user, absolute_uri=request.build_absolute_uri
        )
    except ValueError:
        messages.error(request, _("This invitation was answered or revoked; it cannot be sent again."))
    else:
        _mail_message(request, invitation.email, mailed)
    return redirect("teams:people", organisation.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_revoke(request, pk: int, invitation_pk: int):
    organisation = access.get_organisation_for_admin(request.user, pk)
    invitation = _invitation(organisation, invitation_pk)
    params = {
        "email": invitation.email or _("open link"),
        "role": invitation.get_role_display(),
        "group": invitation.team.name if invitation.team else organisation.name,
    }
    if not confirmed(request):
        return confirm_page(
            request,
            Confirmation(
                title=_("Revoke the invitation of %(email)s as %(role)s in %(group)s?") % params,
                consequences=[
                    _("The link no longer works; whoever opens it reads that it was revoked."),
                    _("Nobody is told by e-mail."),
                ],
                button=_("Revoke the invitation"),
                cancel_url=reverse("teams:people", args=[organisation.pk]),
                undo=_("You can invite them again at any time."),
            ),
        )
    if school_admin.invitation_revoke(invitation=invitation, by=request.user):
        messages.success(request, _("The invitation of %(email)s was revoked.") % params)
    else:
        messages.info(request, _("This invitation could no longer be used already."))
    return redirect("teams:people", organisation.pk)


@login_required
@require_safe
def audit_log(request, pk: int):
    organisation = access.get_organisation_for_admin(request.user, pk)
    page = Paginator(SchoolEvent.objects.filter(organisation=organisation), 100).get_page(
        request.GET.get("pagina")
    )
    rows = [
        {
            "event": event,
            "what": audit.action_label(event.action),
            "about": audit.subject_text(event),
            "detail": audit.detail_text(event),
        }
        for event in page
    ]
    return render(
        request, "teams/admin/audit.html", {"organisation": organisation, "page": page, "rows": rows}
    )


def _import_target(organisation: Organisation) -> importing.ImportTarget:
    return importing.ImportTarget(
        organisation=organisation,
        team=None,
        url=reverse("teams:school_import", args=[organisation.pk]),
        confirm_url=reverse("teams:school_import_confirm", args=[organisation.pk]),
        back_url=reverse("teams:people", args=[organisation.pk]),
        back_label=_("Back to the people of %(school)s") % {"school": organisation.name},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_csv(request, pk: int):
    """The whole school's list of people in one CSV file: the dry run first (nothing changes)."""
    organisation = access.get_organisation_for_admin(request.user, pk)
    return importing.import_page(request, _import_target(organisation))


@login_required
@require_POST
def import_confirm(request, pk: int):
    """Confirm the dry run just shown: the invitations are made and mailed."""
    organisation = access.get_organisation_for_admin(request.user, pk)
    return importing.import_confirm(request, _import_target(organisation))
