"""Do and Check of a plan item: the log with evidence, and a reflection per aspect."""

import os
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ontwikkelwijzer.plans import access, services
from ontwikkelwijzer.plans.constants import EVIDENCE_TYPES
from ontwikkelwijzer.plans.log_forms import LogEntryForm, ReflectionForm
from ontwikkelwijzer.plans.models import PlanItem


def _reflection_forms(item: PlanItem, *, bound: ReflectionForm | None = None) -> list[ReflectionForm]:
    """One form per aspect of the item, filled with the saved reflection; `bound` replaces its aspect's."""
    saved = {reflection.aspect_id: reflection for reflection in item.reflections.all()}
    forms = []
    for aspect in item.aspects.order_by("number"):
        if bound is not None and bound.aspect.pk == aspect.pk:
            forms.append(bound)
        else:
            forms.append(ReflectionForm(aspect=aspect, reflection=saved.get(aspect.pk)))
    return forms


def item_sections(
    request,
    item: PlanItem,
    *,
    log_form: LogEntryForm | None = None,
    reflection_forms: list[ReflectionForm] | None = None,
) -> dict:
    """Context for plans/partials/log_section.html and reflection_section.html."""
    entries = list(item.log_entries.all())
    return {
        "log_entries": entries,
        "log_form": log_form if log_form is not None else LogEntryForm(item=item),
        "hours_spent": sum((entry.hours_spent for entry in entries), Decimal(0)),
        "reflection_forms": reflection_forms if reflection_forms is not None else _reflection_forms(item),
    }


def _render_item(request, item: PlanItem, **sections):
    context = {"item": item, "plan": item.plan, **item_sections(request, item, **sections)}
    return render(request, "plans/item.html", context)


@login_required
@require_POST
def add(request, pk: int):
    item = access.get_item_for_user(request.user, pk)
    form = LogEntryForm(request.POST, request.FILES, item=item)
    if form.is_valid():
        services.log_entry_create(item=item, **form.entry_data())
        messages.success(request, _("Your log entry was added."))
        return redirect("plans:item", pk=item.pk)
    return _render_item(request, item, log_form=form)


@login_required
@require_POST
def reflect(request, pk: int):
    item = access.get_item_for_user(request.user, pk)
    aspect = item.aspects.filter(code=request.POST.get("aspect", "")).first()
    if aspect is None:
        raise Http404("No such aspect for this item.")
    saved = item.reflections.filter(aspect=aspect).first()
    form = ReflectionForm(request.POST, aspect=aspect, reflection=saved)
    if form.is_valid():
        services.reflection_save(
            item=item, aspect=aspect, rating=form.cleaned_data["rating"], text=form.cleaned_data["text"]
        )
        messages.success(request, _("Your reflection on “%(aspect)s” was saved.") % {"aspect": aspect.name})
        return redirect("plans:item", pk=item.pk)
    return _render_item(request, item, reflection_forms=_reflection_forms(item, bound=form))


@login_required
@require_POST
def delete(request, pk: int):
    entry = access.get_log_entry_for_user(request.user, pk)
    item_pk = entry.item_id
    services.log_entry_delete(entry=entry)
    messages.success(request, _("The log entry was deleted."))
    return redirect("plans:item", pk=item_pk)


@login_required
@require_safe
def evidence(request, pk: int):
    """The evidence file, only to its owner and always as a download: /media is never served."""
    entry = access.get_log_entry_for_user(request.user, pk)
    if not entry.evidence_file:
        raise Http404("This log entry has no file.")
    stored = os.path.basename(entry.evidence_file.name)
    extension = os.path.splitext(stored)[1].lower()
    try:
        handle = entry.evidence_file.open("rb")
    except OSError as exc:
        raise Http404("The file is missing.") from exc
    content_type = EVIDENCE_TYPES.get(extension, "application/octet-stream")
    if content_type == "text/plain":
        content_type += "; charset=utf-8"  # text evidence was checked to be UTF-8 on upload
    response = FileResponse(
        handle, as_attachment=True, filename=entry.evidence_name or stored, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
