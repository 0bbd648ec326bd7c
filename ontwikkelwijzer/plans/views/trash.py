"""The trash of one's own plan: what was deleted, until when it can be restored, and restoring it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ontwikkelwijzer.plans import access, trash


@login_required
@require_safe
def trash_page(request):
    rows = trash.trash_list(user=request.user)
    return render(request, "plans/trash.html", {"rows": rows, "days": settings.TRASH_DAYS})


@login_required
@require_POST
def restore(request, pk: int):
    entry = access.get_trash_entry_for_user(request.user, pk)
    try:
        item = trash.trash_restore(entry=entry)
    except trash.RestoreRefused as refused:
        messages.error(request, refused.message)
        return redirect("plans:trash")
    if entry.kind == entry.Kind.ITEM:
        message = _("“%(label)s” is back in your plan %(year)s.")
    else:
        message = _("The log entry “%(label)s” is back in the log of this activity.")
    messages.success(request, message % {"label": entry.label, "year": entry.school_year})
    return redirect("plans:item", pk=item.pk)
