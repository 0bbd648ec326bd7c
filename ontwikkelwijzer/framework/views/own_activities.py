"""A school's own activities: the list, adding one and changing one (``framework.own_activities``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ontwikkelwijzer.framework import own_activities
from ontwikkelwijzer.framework.models import Activity
from ontwikkelwijzer.framework.own_activities import OwnActivityData, OwnActivityForm
from ontwikkelwijzer.framework.selectors import framework_get_current
from ontwikkelwijzer.teams import access


@login_required
def activity_list(request, pk: int):
    organisation = access.get_organisation_for_curriculum(request.user, pk)
    framework = framework_get_current()
    form = OwnActivityForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        activity = own_activities.save(
            organisation=organisation, framework=framework, data=OwnActivityData.from_form(form)
        )
        messages.success(
            request, _("“%(name)s” was added to your school's own activities.") % {"name": activity.name}
        )
        return redirect("framework:own_activities", organisation.pk)
    context = {
        "organisation": organisation,
        "activities": own_activities.of_organisation(organisation, framework),
        "form": form,
    }
    return render(request, "framework/own_activities.html", context)


@login_required
def activity_edit(request, pk: int, code: str):
    organisation = access.get_organisation_for_curriculum(request.user, pk)
    framework = framework_get_current()
    activity = Activity.everything.filter(framework=framework, organisation=organisation, code=code).first()
    if activity is None:
        raise Http404("No such activity.")
    form = OwnActivityForm(request.POST or None, framework=framework, activity=activity)
    if request.method == "POST" and form.is_valid():
        own_activities.save(
            organisation=organisation,
            framework=framework,
            data=OwnActivityData.from_form(form),
            activity=activity,
        )
        messages.success(request, _("Your changes were saved."))
        return redirect("framework:own_activities", organisation.pk)
    context = {"organisation": organisation, "activity": activity, "form": form}
    return render(request, "framework/own_activity_edit.html", context)
