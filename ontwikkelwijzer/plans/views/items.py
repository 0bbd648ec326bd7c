from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ontwikkelwijzer.core.confirm import Confirmation, confirm_page, confirmed
from ontwikkelwijzer.plans import access, services, trash
from ontwikkelwijzer.plans.forms import PlanItemForm
from ontwikkelwijzer.plans.models import PlanItem
from ontwikkelwijzer.plans.views.log import item_sections


@login_required
def create(request, school_year: str):
    plan = access.get_plan_for_user(request.user, school_year)
    initial = {"activity": request.GET.get("activiteit") or None}
    form = PlanItemForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = services.plan_item_create(plan=plan, data=form.item_data())
        messages.success(request, _("The activity was added to your plan."))
        return redirect("plans:item", pk=item.pk)
    return render(request, "plans/item_form.html", {"form": form, "plan": plan, "item": None})


@login_required
def edit(request, pk: int):
    item = access.get_item_for_user(request.user, pk)
    prefetch_related_objects([item], "aspects")  # read once: for the form's initial values and the save
    form = PlanItemForm(request.POST or None, plan=item.plan, initial=PlanItemForm.initial_from(item))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_item_update(
                item=item, data=form.item_data(), version=form.cleaned_data["version"] or 0
            )
        except services.EditConflict as exc:
            conflict = exc.current
            # Show the saved version next to what was typed; the next save overwrites knowingly.
            form = PlanItemForm(
                {
                    **request.POST.dict(),
                    "version": conflict.version,
                    "aspects": request.POST.getlist("aspects"),
                },
                plan=item.plan,
            )
            form.is_valid()
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("plans:item", pk=item.pk)
    return render(
        request, "plans/item_form.html", {"form": form, "plan": item.plan, "item": item, "conflict": conflict}
    )


@login_required
def detail(request, pk: int):
    item = access.get_item_for_user(request.user, pk)
    return render(
        request, "plans/item.html", {"item": item, "plan": item.plan, **item_sections(request, item)}
    )


def _delete_confirmation(item: PlanItem) -> Confirmation:
    contents = trash.contents_text(trash.item_contents(item=item))
    what = {"name": item.name, "contents": contents, "year": item.plan.school_year}
    first = (
        _("The activity “%(name)s” with %(contents)s goes to the trash.")
        if contents
        else _("The activity “%(name)s” goes to the trash.")
    )
    return Confirmation(
        title=_("Delete “%(name)s”?") % what,
        consequences=[
            first % what,
            _("It no longer counts in your plan %(year)s or in the figures of your team and school.") % what,
        ],
        button=_("Move to the trash"),
        cancel_url=reverse("plans:item", args=[item.pk]),
        undo=trash.undo_note(),
    )


@login_required
def delete(request, pk: int):
    """GET asks (what goes with it, how to get it back); a POST from that page moves it to the trash."""
    item = access.get_item_for_user(request.user, pk)
    if not confirmed(request):
        return confirm_page(request, _delete_confirmation(item))
    trash.item_trash(item=item)
    messages.success(
        request,
        _("“%(name)s” is in your trash now. You can restore it from there.") % {"name": item.name},
    )
    return redirect("plans:detail", school_year=item.plan.school_year)
