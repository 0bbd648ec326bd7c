"""Notes of the yearly conversation (gesprekkencyclus) on a teacher's plan: the teacher and their team
leader both write them. The teacher sees all of them; a leader only their own team's (``teams.access``).
The leader's side is in ``plans.views.member``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import access, services
from ontwikkelwijzer.plans.forms import ConversationForm

TEMPLATE = "plans/conversation_form.html"


@login_required
@require_POST
def add_own(request, school_year: str):
    """The teacher writes down agreements from the yearly conversation in their own plan."""
    plan = access.get_plan_for_user(request.user, schoolyear.or_404(school_year))
    form = ConversationForm(request.POST)
    url = reverse("plans:conversation", args=[school_year])
    back = reverse("plans:detail", args=[school_year])
    if form.is_valid():
        services.conversation_note_create(
            plan=plan, author=request.user, day=form.cleaned_data["date"], text=form.cleaned_data["text"]
        )
        messages.success(request, _("The note of the conversation was added to your plan."))
        return redirect(f"{back}#conversation")
    return render(
        request,
        TEMPLATE,
        {"plan": plan, "conversation_form": form, "conversation_url": url, "back_url": back, "member": None},
    )
