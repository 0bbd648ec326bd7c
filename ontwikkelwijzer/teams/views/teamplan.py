"""The team plan: the team leader's goals per aspect, notes and team activities for a school year."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.selectors import framework_get_current
from ontwikkelwijzer.teams import access
from ontwikkelwijzer.teams import teamplan as plans
from ontwikkelwijzer.teams.models import TeamActivity
from ontwikkelwijzer.teams.teamplan_forms import TeamActivityForm, TeamActivityPhaseForm, TeamPlanForm


def _years(current: str, saved: list[str]) -> list[str]:
    year = schoolyear.SchoolYear.stored(current)
    around = {str(y) for y in (year.previous, year, year.next)}
    return sorted(around | set(saved), reverse=True)


def _back(team_pk: int, school_year: str, anchor: str = ""):
    url = reverse("teams:team_plan", args=[team_pk])
    return redirect(f"{url}?{urlencode({'jaar': school_year})}{anchor}")


@login_required
def team_plan(request, pk: int):
    team = access.get_team_for_leader(request.user, pk)
    school_year, notice = schoolyear.requested(request)
    if notice and request.method == "POST":
        raise Http404("Not a school year.")
    current_year = schoolyear.school_year_for(date.today())
    framework = framework_get_current()
    page = plans.team_plan_page(team=team, school_year=school_year, framework=framework)
    plan_form = TeamPlanForm(aspects=page.aspects, goals=page.goals, team_plan=page.team_plan)
    activity_form = TeamActivityForm(framework=framework, team_plan=page.team_plan)

    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "save_plan":
            plan_form = TeamPlanForm(
                request.POST, aspects=page.aspects, goals=page.goals, team_plan=page.team_plan
            )
            if plan_form.is_valid():
                plans.team_plan_save(
                    team=team,
                    school_year=school_year,
                    notes=plan_form.cleaned_data["notes"].strip(),
                    goals=plan_form.goal_texts(),
                )
                messages.success(request, _("The team plan was saved."))
                return _back(team.pk, school_year, "#goals")
        elif action == "add_activity":
            activity_form = TeamActivityForm(request.POST, framework=framework, team_plan=page.team_plan)
            if activity_form.is_valid():
                data = activity_form.cleaned_data
                plans.team_activity_add(
                    team=team,
                    school_year=school_year,
                    activity=data["activity"],
                    title=data["title"],
                    description=data["description"],
                    goal=data["goal"],
                    phase=data["phase"],
                )
                messages.success(request, _("The team activity was added."))
                return _back(team.pk, school_year, "#activities")
        elif action == "set_phase":
            team_activity = plans.team_activity_get(
                team_plan=page.team_plan, pk=request.POST.get("team_activity")
            )
            phase_form = TeamActivityPhaseForm(request.POST)
            if phase_form.is_valid():
                plans.team_activity_set_phase(
                    team_activity=team_activity, phase=phase_form.cleaned_data["phase"]
                )
                messages.success(
                    request,
                    _("“%(name)s” is now in the phase %(phase)s.")
                    % {"name": team_activity, "phase": team_activity.get_phase_display()},
                )
            else:
                messages.error(request, _("Choose one of the phases plan, do, check or act."))
            return _back(team.pk, school_year, "#activities")
        elif action == "delete_activity":
            team_activity = plans.team_activity_get(
                team_plan=page.team_plan, pk=request.POST.get("team_activity")
            )
            name = str(team_activity)
            plans.team_activity_delete(team_activity=team_activity)
            messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
            return _back(team.pk, school_year, "#activities")
        else:
            return HttpResponseBadRequest("Unknown action.")

    goals = page.goals
    context = {
        "team": team,
        "school_year": school_year,
        "years": _years(current_year, plans.team_plan_years(team=team)),
        "notice": notice,
        "page": page,
        "goals": goals,
        "linked_items": sum(goal.item_count for goal in goals),
        "activities": page.activities,
        "phases": TeamActivity.Phase.choices,
        "plan_form": plan_form,
        "activity_form": activity_form,
    }
    return render(request, "teams/teamplan.html", context)
