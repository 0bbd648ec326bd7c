"""The team plan: the team leader's goals per aspect, notes and team activities for a school year.

One page (GET) and one view per change (POST); each answers someone who does not lead the team with a
404, and a POST for a ?jaar= that is not a school year with a 404 too (nothing is saved for the wrong year).
Deleting a team activity asks first: its address names the activity, a GET shows what will go, and only
the POST of that page deletes.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.core.confirm import Confirmation, confirm_page, confirmed
from ontwikkelwijzer.framework.selectors import framework_get_current
from ontwikkelwijzer.plans import teamplan as plans
from ontwikkelwijzer.plans.models import TeamActivity
from ontwikkelwijzer.plans.teamplan_forms import TeamActivityForm, TeamActivityPhaseForm, TeamPlanForm
from ontwikkelwijzer.teams import access
from ontwikkelwijzer.teams.models import Team


def _back(team_pk: int, school_year: str, anchor: str = ""):
    url = reverse("plans:team_plan", args=[team_pk])
    return redirect(f"{url}?{urlencode({'jaar': school_year})}{anchor}")


def _team_and_year(request, pk: int) -> tuple[Team, str]:
    """The gate of every change: the team the user leads, and the school year of ?jaar= (else a 404)."""
    team = access.get_team_for_leader(request.user, pk)
    school_year, notice = schoolyear.requested(request)
    if notice:
        raise Http404("Not a school year.")
    return team, school_year


def _posted_activity(request, team: Team, school_year: str) -> TeamActivity:
    """The team activity named in the POST, of this team's plan of the school year (else a 404)."""
    team_plan = plans.team_plan_get(team=team, school_year=school_year)
    return plans.team_activity_get(team_plan=team_plan, pk=request.POST.get("team_activity"))


def _page(team: Team, school_year: str) -> plans.TeamPlanPage:
    return plans.team_plan_page(team=team, school_year=school_year, framework=framework_get_current())


def _render(
    request,
    page: plans.TeamPlanPage,
    *,
    notice: str = "",
    plan_form: TeamPlanForm | None = None,
    activity_form: TeamActivityForm | None = None,
):
    """The page, with a form that did not validate (its typed data and errors) in place of the empty one."""
    team, school_year, goals = page.team, page.school_year, page.goals
    context = {
        "team": team,
        "school_year": school_year,
        "years": schoolyear.SchoolYear.choices(saved=plans.team_plan_years(team=team), before=1, after=1),
        "notice": notice,
        "page": page,
        "goals": goals,
        "linked_items": sum(goal.item_count for goal in goals),
        "activities": page.activities,
        "phases": TeamActivity.Phase.choices,
        "plan_form": plan_form or TeamPlanForm(aspects=page.aspects, goals=goals, team_plan=page.team_plan),
        "activity_form": activity_form
        or TeamActivityForm(framework=page.framework, team_plan=page.team_plan),
    }
    return render(request, "plans/teamplan.html", context)


@login_required
@require_safe
def team_plan(request, pk: int):
    team = access.get_team_for_leader(request.user, pk)
    school_year, notice = schoolyear.requested(request)
    return _render(request, _page(team, school_year), notice=notice)


@login_required
@require_POST
def team_plan_save(request, pk: int):
    team, school_year = _team_and_year(request, pk)
    page = _page(team, school_year)
    form = TeamPlanForm(request.POST, aspects=page.aspects, goals=page.goals, team_plan=page.team_plan)
    if not form.is_valid():
        return _render(request, page, plan_form=form)
    plans.team_plan_save(
        team=team,
        school_year=school_year,
        notes=form.cleaned_data["notes"].strip(),
        goals=form.goal_texts(),
    )
    messages.success(request, _("The team plan was saved."))
    return _back(team.pk, school_year, "#goals")


@login_required
@require_POST
def team_plan_add_activity(request, pk: int):
    team, school_year = _team_and_year(request, pk)
    page = _page(team, school_year)
    form = TeamActivityForm(request.POST, framework=page.framework, team_plan=page.team_plan)
    if not form.is_valid():
        return _render(request, page, activity_form=form)
    data = form.cleaned_data
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


@login_required
@require_POST
def team_plan_set_phase(request, pk: int):
    team, school_year = _team_and_year(request, pk)
    team_activity = _posted_activity(request, team, school_year)
    form = TeamActivityPhaseForm(request.POST)
    if form.is_valid():
        plans.team_activity_set_phase(team_activity=team_activity, phase=form.cleaned_data["phase"])
        messages.success(
            request,
            _("“%(name)s” is now in the phase %(phase)s.")
            % {"name": team_activity, "phase": team_activity.get_phase_display()},
        )
    else:
        messages.error(request, _("Choose one of the phases plan, do, check or act."))
    return _back(team.pk, school_year, "#activities")


def _delete_confirmation(team: Team, team_activity: TeamActivity) -> Confirmation:
    """What deleting the team activity does, in words: which one, its phase and goal, and what stays."""
    year = team_activity.team_plan.school_year
    words = {
        "name": str(team_activity),
        "phase": team_activity.get_phase_display(),
        "team": team.name,
        "year": year,
    }
    consequences = [
        _(
            "The team activity “%(name)s” (phase: %(phase)s) is removed from the team plan of %(team)s "
            "for %(year)s."
        )
        % words
    ]
    goal = team_activity.goal
    if goal is not None:
        consequences.append(
            _("It belongs to the team goal for %(aspect)s: “%(goal)s”. The goal itself stays.")
            % {"aspect": goal.aspect.short_name, "goal": Truncator(goal.text).chars(120)}
        )
    else:
        consequences.append(_("It belongs to no team goal."))
    consequences.append(_("The teachers' development plans do not change."))
    url = reverse("plans:team_plan", args=[team.pk])
    return Confirmation(
        title=_("Delete the team activity “%(name)s”?") % words,
        consequences=consequences,
        button=_("Delete the team activity"),
        cancel_url=f"{url}?{urlencode({'jaar': year})}#activities",
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def team_plan_delete_activity(request, pk: int, activity_pk: int):
    """GET asks first (``core.confirm``); only the POST of that page (``confirm=yes``) deletes. The
    activity is one of this team's (of whichever school year: the page goes back to that year's plan)."""
    team = access.get_team_for_leader(request.user, pk)
    team_activity = plans.team_activity_of_team(team=team, pk=activity_pk)
    if not confirmed(request):
        return confirm_page(request, _delete_confirmation(team, team_activity))
    name, school_year = str(team_activity), team_activity.team_plan.school_year
    plans.team_activity_delete(team_activity=team_activity)
    messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
    return _back(team.pk, school_year, "#activities")
