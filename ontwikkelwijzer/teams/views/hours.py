"""The hours rule per person, for a school's HR and administrators: its people with whether they count as
teaching staff, their FTE and the hours that gives them (``teams.hours``), and a page per person to change
it. Everyone else gets a 404 (``access.get_organisation_for_hours``, ``access.get_person_for_hours``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ontwikkelwijzer.teams import access, hours
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.school_forms import AppointmentForm


@login_required
@require_safe
def people(request, pk: int):
    organisation = access.get_organisation_for_hours(request.user, pk)
    rows = hours.people_hours(organisation=organisation, people=access.staff_of(organisation))
    administers = access.schools_with_role(request.user, Role.ADMIN).filter(pk=organisation.pk).exists()
    context = {"organisation": organisation, "rows": rows, "administers": administers}
    return render(request, "teams/hours.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def person(request, pk: int, user_pk: int):
    organisation, person = access.get_person_for_hours(request.user, pk, user_pk)
    appointment = hours.appointment_of(organisation=organisation, person=person)
    budget = hours.budget_of(organisation=organisation, own_fte=person.fte, appointment=appointment)
    form = AppointmentForm(request.POST or None, instance=appointment)  # as saved now, before the form
    if request.method == "POST" and form.is_valid():
        hours.appointment_save(
            organisation=organisation,
            person=person,
            teaching=form.cleaned_data["teaching"],
            fte=form.cleaned_data["fte"],
            by=request.user,
        )
        messages.success(request, _("The hours rule of %(name)s was saved.") % {"name": person})
        return redirect("teams:hours", organisation.pk)
    context = {"organisation": organisation, "person": person, "form": form, "budget": budget}
    return render(request, "teams/hours.html", context, status=400 if form.errors else 200)
