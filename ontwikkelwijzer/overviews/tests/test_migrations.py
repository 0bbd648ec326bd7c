"""The move of the team plans (to ``plans``) and of the overview counters (to ``overviews``) keeps every row:
a database filled before the move has the same rows after it, under the new models, with their links; and
the move can be undone (teams 0007, plans 0003, overviews 0001)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ontwikkelwijzer.overviews.models import GroupStats, ScanPublication, ScanSnapshot, UserStats
from ontwikkelwijzer.plans.models import PlanItem, TeamActivity, TeamGoal, TeamPlan
from tests.support import migrate

BEFORE = [
    ("teams", "0006_school_email_domains"),
    ("plans", "0002_planitem_team_goal_conversationnote"),
    ("overviews", None),
]
AFTER = [("teams", "0007_models_to_plans_and_overviews")]
YEAR = "2025-2026"


def fill_before_the_move(old, framework) -> dict:
    """One of each moved row, written through the models as they were (in the teams app)."""
    user = old.get_model("accounts", "User").objects.create(email="docent@school.nl", first_name="Fatima")
    school = old.get_model("teams", "Organisation").objects.create(name="ROC Midden")
    team = old.get_model("teams", "Team").objects.create(organisation=school, name="Zorg")
    team_plan = old.get_model("teams", "TeamPlan").objects.create(team=team, school_year=YEAR)
    aspect = old.get_model("framework", "Aspect").objects.get(framework_id=framework.pk, code="workfield")
    activity = old.get_model("framework", "Activity").objects.get(
        framework_id=framework.pk, code="docentstage"
    )
    goal = old.get_model("teams", "TeamGoal").objects.create(
        team_plan=team_plan, aspect=aspect, text="Werkveld in"
    )
    team_activity = old.get_model("teams", "TeamActivity").objects.create(
        team_plan=team_plan, activity=activity, goal=goal
    )
    plan = old.get_model("plans", "DevelopmentPlan").objects.create(
        user=user, framework_id=framework.pk, school_year=YEAR, budget_hours=59
    )
    item = old.get_model("plans", "PlanItem").objects.create(
        plan=plan,
        activity=activity,
        team_goal=goal,
        goal="Twee weken meelopen",
        start_date="2026-01-05",
        end_date="2026-03-27",
        estimated_hours=16,
    )
    old.get_model("teams", "GroupStats").objects.create(
        organisation=school, team=team, school_year=YEAR, counts={"items": 1}
    )
    old.get_model("teams", "UserStats").objects.create(
        user=user, contributions={f"{school.pk}:{team.pk}:{YEAR}": {}}
    )
    publication = old.get_model("teams", "ScanPublication").objects.create(
        organisation=school, school_year=YEAR, published_at="2026-01-05T09:00:00Z", pending={"1": None}
    )
    old.get_model("teams", "ScanSnapshot").objects.create(
        publication=publication, group="team", team=team, counts={"scan": 5}
    )
    return {"team": team.pk, "goal": goal.pk, "team_activity": team_activity.pk, "item": item.pk}


@pytest.mark.django_db(transaction=True)
def test_the_rows_of_a_filled_database_move_with_their_models_and_back(framework):
    old = migrate(BEFORE)
    try:
        made = fill_before_the_move(old, framework)
        tables = connection.introspection.table_names()
        assert "teams_teamplan" in tables and "plans_teamplan" not in tables

        migrate(AFTER)

        tables = connection.introspection.table_names()
        assert not {t for t in tables if t.startswith("teams_") and t.endswith(("stats", "plan", "goal"))}
        team_plan = TeamPlan.objects.get(team_id=made["team"], school_year=YEAR)
        assert list(team_plan.goals.values_list("pk", "text")) == [(made["goal"], "Werkveld in")]
        assert TeamActivity.objects.get(pk=made["team_activity"]).goal_id == made["goal"]
        assert PlanItem.objects.get(pk=made["item"]).team_goal == TeamGoal.objects.get(pk=made["goal"])
        assert GroupStats.objects.get(team_id=made["team"]).counts == {"items": 1}
        assert UserStats.objects.count() == 1
        publication = ScanPublication.objects.get(school_year=YEAR)
        assert publication.pending == {"1": None}
        assert ScanSnapshot.objects.get(publication=publication).counts == {"scan": 5}

        back = migrate(BEFORE)
        assert back.get_model("teams", "TeamGoal").objects.get(pk=made["goal"]).text == "Werkveld in"
        assert back.get_model("teams", "GroupStats").objects.count() == 1
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
