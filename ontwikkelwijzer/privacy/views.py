from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ontwikkelwijzer.accounts.forms import DeleteAccountForm
from ontwikkelwijzer.privacy import services
from ontwikkelwijzer.privacy.forms import ConfirmDeleteForm
from ontwikkelwijzer.teams import school_admin

EXPORT_FILENAME = "ontwikkelwijzer-mijn-gegevens.zip"


@login_required
@require_safe
def export(request):
    """Everything about the person in one zip: index.json and the evidence files."""
    archive = services.user_export_archive(user=request.user)
    response = FileResponse(
        archive, as_attachment=True, filename=EXPORT_FILENAME, content_type="application/zip"
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def delete(request):
    """With the password; an account without one (single sign-on) with the box ticked."""
    form_class = DeleteAccountForm if request.user.has_usable_password() else ConfirmDeleteForm
    form = form_class(request.POST or None, user=request.user)
    sole = school_admin.schools_only_administered_by(request.user)
    if sole and request.method == "POST":
        form.add_error(
            None,
            _("You are the only administrator of %(schools)s. Give someone else that role first.")
            % {"schools": ", ".join(school.name for school in sole)},
        )
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.success(request, _("Your account and all your data have been deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
