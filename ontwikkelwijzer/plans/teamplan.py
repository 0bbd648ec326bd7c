"""The team's professionalisation plan for a school year: reads (selectors) and writes (services).

Reads are a fixed number of queries, whatever the number of goals, activities and linked plan items.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.http import Http404

from ontwikkelwijzer.framework.models import Activity, Aspect, Framework
from ontwikkelwijzer.plans.models import TeamActivity, TeamGoal, TeamPlan
from ontwikkelwijzer.teams.models import Team

# Selectors


def team_plan_get(*, team: Team, school_year: str) -> TeamPlan | None:
    return TeamPlan.objects.filter(team=team, school_year=school_year).first()


def team_plan_years(*, team: Team) -> list[str]:
    return list(TeamPlan.objects.filter(team=team).values_list("school_year", flat=True))


def team_goals(*, team_plan: TeamPlan | None) -> list[TeamGoal]:
    """The goals, each with `item_count` (linked plan items) and `teacher_count` (their teachers)."""
    if team_plan is None:
        return []
    return list(
        TeamGoal.objects.filter(team_plan=team_plan)
        .select_related("aspect")
        .annotate(
            item_count=Count("plan_items", distinct=True),
            teacher_count=Count("plan_items__plan__user", distinct=True),
        )
        .order_by("aspect__number", "pk")
    )


def team_activities(*, team_plan: TeamPlan | None) -> list[TeamActivity]:
    if team_plan is None:
        return []
    return list(
        TeamActivity.objects.filter(team_plan=team_plan)
        .select_related("activity", "goal__aspect")
        .order_by("pk")
    )


def team_activity_get(*, team_plan: TeamPlan | None, pk) -> TeamActivity:
    """A team activity of THIS team plan; anything else (another team's, a made-up id) is a 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such team activity.") from None
    activity = (
        TeamActivity.objects.filter(team_plan=team_plan, pk=pk).first() if team_plan is not None else None
    )
    if activity is None:
        raise Http404("No such team activity.")
    return activity


def team_activity_of_team(*, team: Team, pk: int) -> TeamActivity:
    """A team activity of any of THIS team's plans (whichever school year), with its plan, goal and
    activity; another team's, or a made-up id, is a 404."""
    activity = (
        TeamActivity.objects.filter(team_plan__team=team, pk=pk)
        .select_related("team_plan", "activity", "goal__aspect")
        .first()
    )
    if activity is None:
        raise Http404("No such team activity.")
    return activity


@dataclass(frozen=True)
class TeamPlanPage:
    team: Team
    school_year: str
    framework: Framework
    aspects: list[Aspect]
    team_plan: TeamPlan | None
    goals: list[TeamGoal]
    activities: list[TeamActivity]

    @property
    def goals_by_aspect(self) -> dict[int, TeamGoal]:
        return {goal.aspect_id: goal for goal in self.goals}


def team_plan_page(*, team: Team, school_year: str, framework: Framework) -> TeamPlanPage:
    team_plan = team_plan_get(team=team, school_year=school_year)
    return TeamPlanPage(
        team=team,
        school_year=school_year,
        framework=framework,
        aspects=list(Aspect.objects.filter(framework=framework).order_by("number")),
        team_plan=team_plan,
        goals=team_goals(team_plan=team_plan),
        activities=team_activities(team_plan=team_plan),
    )


# Services


def team_plan_get_or_create(*, team: Team, school_year: str) -> TeamPlan:
    team_plan, _ = TeamPlan.objects.get_or_create(team=team, school_year=school_year)
    return team_plan


def team_plan_save(*, team: Team, school_year: str, notes: str, goals: dict[Aspect, str]) -> TeamPlan:
    """Save the notes and one goal per aspect: a text creates or updates the goal, a blank deletes it.

    Plan items and team activities linked to a deleted goal lose the link (SET_NULL).
    """
    with transaction.atomic():
        team_plan = team_plan_get_or_create(team=team, school_year=school_year)
        if team_plan.notes != notes:
            team_plan.notes = notes
            team_plan.save(update_fields=["notes", "updated_at"])
        existing = {goal.aspect_id: goal for goal in TeamGoal.objects.filter(team_plan=team_plan)}
        for aspect, text in goals.items():
            text = text.strip()
            goal = existing.get(aspect.pk)
            if not text:
                if goal is not None:
                    goal.delete()
            elif goal is None:
                TeamGoal.objects.create(team_plan=team_plan, aspect=aspect, text=text)
            elif goal.text != text:
                goal.text = text
                goal.save()
    return team_plan


def team_activity_add(
    *,
    team: Team,
    school_year: str,
    activity: Activity | None,
    title: str,
    description: str,
    goal: TeamGoal | None,
    phase: str,
) -> TeamActivity:
    with transaction.atomic():
        team_plan = team_plan_get_or_create(team=team, school_year=school_year)
        if goal is not None and goal.team_plan_id != team_plan.pk:
            raise ValueError("The goal belongs to another team plan.")
        return TeamActivity.objects.create(
            team_plan=team_plan,
            activity=activity,
            title=title.strip(),
            description=description.strip(),
            goal=goal,
            phase=phase,
        )


def team_activity_set_phase(*, team_activity: TeamActivity, phase: str) -> TeamActivity:
    if phase not in TeamActivity.Phase.values:
        raise ValueError(f"Not a phase: {phase!r}")
    team_activity.phase = phase
    team_activity.save()
    return team_activity


def team_activity_delete(*, team_activity: TeamActivity) -> None:
    team_activity.delete()
