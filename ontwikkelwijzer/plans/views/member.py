"""A team leader's view of one teacher of the team: the plan of a school year and the notes of the yearly
conversation, within what the teacher shares (``plans.person_data``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import person_data, services
from ontwikkelwijzer.plans.forms import ConversationForm
from ontwikkelwijzer.plans.views import conversation
from ontwikkelwijzer.teams import access


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
    return render(request, "plans/member_plan.html", context)


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
    form = ConversationForm(request.POST)
    url = reverse("plans:member_conversation", args=[seen.team.pk, seen.person.pk, school_year])
    back = reverse("plans:member_plan", args=[seen.team.pk, seen.person.pk, school_year])
    if form.is_valid():
        note = services.conversation_note_create(
            plan=plan, author=request.user, day=form.cleaned_data["date"], text=form.cleaned_data["text"]
        )
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
