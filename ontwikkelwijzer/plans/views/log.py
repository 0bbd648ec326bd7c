"""Do and Check of a plan item: the log with evidence, and a reflection per aspect."""

import os
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.cache import patch_cache_control
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from ontwikkelwijzer.core.confirm import Confirmation, confirm_page, confirmed
from ontwikkelwijzer.plans import access, services, trash
from ontwikkelwijzer.plans.constants import EVIDENCE_TYPES
from ontwikkelwijzer.plans.log_forms import LogEntryForm, ReflectionsForm
from ontwikkelwijzer.plans.models import LogEntry, PlanItem


def item_sections(
    request,
    item: PlanItem,
    *,
    log_form: LogEntryForm | None = None,
    reflections_form: ReflectionsForm | None = None,
) -> dict:
    """Context for plans/partials/log_section.html and the reflections form in plans/item.html."""
    entries = list(item.log_entries.all())
    return {
        "log_entries": entries,
        "log_form": log_form if log_form is not None else LogEntryForm(item=item),
        "hours_spent": sum((entry.hours_spent for entry in entries), Decimal(0)),
        "reflections_form": reflections_form if reflections_form is not None else ReflectionsForm(item=item),
    }


def _render_item(request, item: PlanItem, **sections):
    context = {"item": item, "plan": item.plan, **item_sections(request, item, **sections)}
    return render(request, "plans/item.html", context)


def _item_top(item: PlanItem) -> str:
    """The item page at its top, where the message is. Said explicitly: a redirect without a fragment would
    keep the one of the form's action (``#log-add-heading``), and open the page there."""
    return reverse("plans:item", args=[item.pk]) + "#main"


@login_required
@require_POST
def add(request, pk: int):
    item = access.get_item_for_user(request.user, pk)
    form = LogEntryForm(request.POST, request.FILES, item=item)
    if form.is_valid():
        services.log_entry_create(item=item, **form.entry_data())
        messages.success(request, _("Your log entry was added."))
        return redirect(_item_top(item))
    return _render_item(request, item, log_form=form)


@login_required
@require_POST
def reflect(request, pk: int):
    """All the reflections of the item at once: the empty aspects are left alone, the rest saved together;
    if one aspect is filled in halfway, nothing is saved and all of it comes back as typed."""
    item = access.get_item_for_user(request.user, pk)
    form = ReflectionsForm(request.POST, item=item)
    if not form.is_valid():
        return _render_item(request, item, reflections_form=form)
    saved = services.reflections_save(item=item, changes=form.changes())
    if saved:
        names = ", ".join(f"“{aspect.name}”" for aspect in saved)
        messages.success(
            request,
            ngettext(
                "Your reflection on %(aspects)s was saved.",
                "Your reflections on %(aspects)s were saved.",
                len(saved),
            )
            % {"aspects": names},
        )
    else:
        messages.info(request, _("There was nothing new to save."))
    return redirect(_item_top(item))


@login_required
def delete(request, pk: int):
    """GET asks (what goes, how to get it back); a POST from that page moves it to the trash."""
    entry = access.get_log_entry_for_user(request.user, pk)
    if not confirmed(request):
        return confirm_page(request, _delete_confirmation(entry))
    trash.log_entry_trash(entry=entry)
    messages.success(request, _("The log entry is in your trash now. You can restore it from there."))
    return redirect("plans:item", pk=entry.item_id)


def _delete_confirmation(entry: LogEntry) -> Confirmation:
    what = {
        "date": formats.date_format(entry.date, "j F Y"),
        "item": entry.item.name,
        "text": Truncator(entry.description).chars(trash.LABEL_CHARS),
        "file": entry.evidence_name or os.path.basename(entry.evidence_file.name),
        "hours": formats.number_format(entry.hours_spent, 1),
    }
    consequences = [_("The log entry of %(date)s in “%(item)s” goes to the trash: “%(text)s”.") % what]
    if entry.evidence_file:
        consequences.append(_("With it goes the evidence file “%(file)s”.") % what)
    if entry.hours_spent:
        consequences.append(_("Its %(hours)s hours no longer count as spent.") % what)
    return Confirmation(
        title=_("Delete the log entry of %(date)s?") % what,
        consequences=consequences,
        button=_("Move to the trash"),
        cancel_url=reverse("plans:item", args=[entry.item_id]) + f"#log-entry-{entry.pk}",
        undo=trash.undo_note(),
    )


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
