from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ontwikkelwijzer.teams import access, services
from ontwikkelwijzer.teams.school_forms import SchoolSettingsForm


@login_required
def school_settings(request, pk: int):
    """A school's settings, for its administrators: its e-mail domains (who counts, who may be invited as
    team leader), the development hours for a full-time job, and the smallest group for figures."""
    organisation = access.get_organisation_for_admin(request.user, pk)
    form = SchoolSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.school_settings_save(organisation=form.save(commit=False), by=request.user)
        messages.success(request, _("The school's settings were saved."))
        return redirect("teams:school_settings", organisation.pk)
    status = 400 if form.errors else 200
    return render(
        request, "teams/school_settings.html", {"organisation": organisation, "form": form}, status=status
    )
