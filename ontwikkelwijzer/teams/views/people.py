from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import modelform_factory
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans.views import conversation
from ontwikkelwijzer.teams import access, invitations, person_data, services
from ontwikkelwijzer.teams.models import AuditEvent, Membership, Sharing
from ontwikkelwijzer.workfield import access as workfield_access

SharingForm = modelform_factory(Sharing, fields=["share_reflections", "share_scans"])


class LeaveForm(forms.Form):
    """Leaving is done only with this box ticked: a POST without it changes nothing."""

    confirm = forms.BooleanField(label=gettext_lazy("Yes, I want to leave"), required=True)


@login_required
def home(request):
    """Where a person finds the teams they lead and the organisations they oversee."""
    return render(
        request,
        "teams/home.html",
        {
            "teams": access.teams_led_by(request.user),
            "organisations": access.organisations_overseen_by(request.user),
            "administered": access.organisations_administered_by(request.user),
            "activity_organisations": access.organisations_for_curriculum(request.user),
            "partner_organisations": workfield_access.organisations_managing_partners(request.user),
            "partners": workfield_access.partners_of(request.user),
            "memberships": Membership.objects.filter(user=request.user).select_related(
                "organisation", "team"
            ),
            "waiting": invitations.invitations_for(request.user),
        },
    )


@login_required
def privacy(request):
    """What a teacher shares with their team leader, the groups that can see them (and leaving them), the
    invitations waiting for an answer, and who looked at their data."""
    form = SharingForm(request.POST or None, instance=services.sharing_of(user=request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your choices were saved."))
        return redirect("teams:privacy")
    return render(
        request,
        "teams/privacy.html",
        {
            "form": form,
            "groups": access.groups_of(request.user),
            "waiting": invitations.invitations_for(request.user),
            "events": AuditEvent.objects.filter(subject=request.user)[:200],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request, pk: int):
    """Leave a team or a role at a school: a page that says what happens, then a confirmed POST."""
    membership = (
        Membership.objects.filter(pk=pk, user=request.user).select_related("organisation", "team").first()
    )
    if membership is None:
        raise Http404("No such membership.")
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.membership_leave(membership=membership)
        except invitations.CannotLeave:
            form.add_error(
                None,
                _("You are the only administrator of %(school)s. Give someone else that role first.")
                % {"school": membership.organisation.name},
            )
        else:
            group = membership.team.name if membership.team else membership.organisation.name
            messages.success(request, _("You have left %(group)s.") % {"group": group})
            return redirect("teams:privacy")
    group = next(g for g in access.groups_of(request.user) if g.membership.pk == membership.pk)
    status = 400 if form.is_bound else 200
    return render(request, "teams/leave.html", {"group": group, "form": form}, status=status)


@login_required
def member_plan(request, pk: int, member_pk: int, school_year: str):
    """A team leader looks at a teacher's plan: items and progress; log, reflections and scans if shared.

    Only as far as it belongs to this team (``access.PersonAccess``): a year before the teacher joined the
    team shows as a year without a plan, and only the teacher's notes and this team's leaders' are shown."""
    schoolyear.or_404(school_year)
    seen = access.person_access(request.user, pk, member_pk)
    context = {
        "team": seen.team,
        "member": seen.person,
        "school_year": school_year,
        "seen": seen,
        "view": person_data.member_plan(seen, school_year),
        "scan": person_data.member_scan(seen),
    }
    return render(request, "teams/member_plan.html", context)


@login_required
@require_POST
def member_conversation(request, pk: int, member_pk: int, school_year: str):
    """A team leader writes down agreements from the yearly conversation in a teacher's plan (of a year
    since the teacher joined the team; an earlier year, like one without a plan, is a 404)."""
    schoolyear.or_404(school_year)
    seen = access.person_access(request.user, pk, member_pk)
    plan = person_data.plan_for_notes(seen, school_year)
    if plan is None:
        raise Http404("No such plan.")
    form = conversation.ConversationForm(request.POST)
    url = reverse("teams:member_conversation", args=[seen.team.pk, seen.person.pk, school_year])
    back = reverse("teams:member_plan", args=[seen.team.pk, seen.person.pk, school_year])
    if form.is_valid():
        note = conversation.note_create(plan=plan, author=request.user, form=form)
        person_data.note_added(seen, note)
        messages.success(request, _("The note of the conversation was added to the plan."))
        return redirect(f"{back}#conversation")
    person_data.notes_viewed(seen, school_year)  # the page shows the notes again next to what was typed
    return render(
        request,
        conversation.TEMPLATE,
        {
            "plan": plan,
            "conversation_form": form,
            "conversation_url": url,
            "back_url": back,
            "member": seen.person,
            "team": seen.team,
        },
    )
