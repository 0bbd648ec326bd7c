"""Notes of the yearly conversation (gesprekkencyclus) on a teacher's plan: the teacher and their team
leader both write them. The teacher sees all of them; a leader only their own team's (``teams.access``).
The leader's side is in ``teams.views.people``."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import access
from ontwikkelwijzer.plans.forms import DateInput
from ontwikkelwijzer.plans.models import ConversationNote, DevelopmentPlan

TEMPLATE = "plans/conversation_form.html"


class ConversationForm(forms.Form):
    """The field names and ids match the form written out in plans/partials/conversation.html."""

    date = forms.DateField(label=gettext_lazy("Date of the conversation"), widget=DateInput())
    text = forms.CharField(
        label=gettext_lazy("Agreements"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What did you agree on in the conversation?"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "conversation-%s")
        super().__init__(*args, **kwargs)


def note_create(*, plan: DevelopmentPlan, author: User, form: ConversationForm) -> ConversationNote:
    return ConversationNote.objects.create(
        plan=plan,
        author=author,
        author_name=str(author),
        date=form.cleaned_data["date"],
        text=form.cleaned_data["text"].strip(),
    )


@login_required
@require_POST
def add_own(request, school_year: str):
    """The teacher writes down agreements from the yearly conversation in their own plan."""
    plan = access.get_plan_for_user(request.user, schoolyear.or_404(school_year))
    form = ConversationForm(request.POST)
    url = reverse("plans:conversation", args=[school_year])
    back = reverse("plans:detail", args=[school_year])
    if form.is_valid():
        note_create(plan=plan, author=request.user, form=form)
        messages.success(request, _("The note of the conversation was added to your plan."))
        return redirect(f"{back}#conversation")
    return render(
        request,
        TEMPLATE,
        {"plan": plan, "conversation_form": form, "conversation_url": url, "back_url": back, "member": None},
    )
