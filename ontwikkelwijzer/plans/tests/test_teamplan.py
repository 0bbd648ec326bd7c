from datetime import date

import pytest
from django.urls import reverse

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.forms import PlanItemForm
from ontwikkelwijzer.plans.models import PlanItem, TeamActivity, TeamGoal, TeamPlan
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team
from tests.support import person, queries_per_get

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
NEXT = schoolyear.next_school_year(YEAR)
START, END = schoolyear.bounds(YEAR)


def url(team: Team, year: str | None = YEAR, name: str = "team_plan") -> str:
    address = reverse(f"plans:{name}", args=[team.pk])
    return f"{address}?jaar={year}" if year else address


SAVE, ADD, SET_PHASE = ("team_plan_save", "team_plan_add_activity", "team_plan_set_phase")
CONFIRM = {"confirm": "yes"}  # what the confirmation page posts (core.confirm)


def delete_url(team: Team, team_activity: TeamActivity) -> str:
    """Deleting a team activity: a GET asks first, a POST from that page deletes (test_teamplan_delete.py)."""
    return reverse("plans:team_plan_delete_activity", args=[team.pk, team_activity.pk])


def goals_post(**texts) -> dict:
    data = {"plan-notes": texts.pop("notes", "")}
    for code in ("competence", "identity", "workfield"):
        data[f"plan-goal_{code}"] = texts.get(code, "")
    return data


def item_post(framework, **changes) -> dict:
    return {
        "activity": "co-teaching",
        "title": "",
        "goal": "Samen lesgeven met een vakman",
        "aspects": [framework.aspects.get(code="identity").pk],
        "start_date": START.isoformat(),
        "end_date": END.isoformat(),
        "estimated_hours": "12",
        "status": "planned",
        "follow_up": "",
        **changes,
    }


@pytest.fixture
def organisation():
    return Organisation.objects.create(name="ROC Midden")


@pytest.fixture
def team(organisation):
    return Team.objects.create(organisation=organisation, name="Techniek")


@pytest.fixture
def other_team(organisation):
    return Team.objects.create(organisation=organisation, name="Zorg")


@pytest.fixture
def leader(organisation, team):
    return person(organisation, team, Role.TEAM_LEADER)


@pytest.fixture
def leader_client(client, leader, framework):
    client.force_login(leader)
    return client


def make_goal(team: Team, framework, code: str = "identity", text: str = "Meer samen met het werkveld"):
    team_plan, _ = TeamPlan.objects.get_or_create(team=team, school_year=YEAR)
    return TeamGoal.objects.create(team_plan=team_plan, aspect=framework.aspects.get(code=code), text=text)


class TeamGoalTests:
    def test_goals_are_saved_per_aspect_and_shown(self, leader_client, team, framework):
        response = leader_client.post(
            url(team, name=SAVE),
            goals_post(identity="Iedereen loopt stage", workfield="Twee PLG's", notes="Besproken"),
        )
        assert response.status_code == 302
        assert response["Location"].startswith(url(team))
        team_plan = TeamPlan.objects.get(team=team, school_year=YEAR)
        assert team_plan.notes == "Besproken"
        assert {g.aspect.code: g.text for g in team_plan.goals.all()} == {
            "identity": "Iedereen loopt stage",
            "workfield": "Twee PLG's",
        }
        page = leader_client.get(url(team)).content.decode()
        assert "Iedereen loopt stage" in page and "Twee PLG&#x27;s" in page and "Besproken" in page

    def test_saving_again_updates_keeps_and_deletes_goals(self, leader_client, team, framework):
        leader_client.post(url(team, name=SAVE), goals_post(identity="Eerst", workfield="Weg"))
        kept = TeamGoal.objects.get(aspect__code="identity")
        leader_client.post(url(team, name=SAVE), goals_post(identity="Daarna", competence="Nieuw"))
        goals = {g.aspect.code: g for g in TeamGoal.objects.filter(team_plan__team=team)}
        assert set(goals) == {"identity", "competence"}
        assert goals["identity"].pk == kept.pk and goals["identity"].text == "Daarna"

    def test_a_deleted_goal_unlinks_the_plan_items(self, leader_client, team, framework):
        goal = make_goal(team, framework)
        teacher = person(team.organisation, team, Role.TEACHER)
        plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
        item = services.plan_item_create(
            plan=plan,
            data=services.ItemData(
                goal="x",
                title="Eigen",
                aspects=[],
                start_date=START,
                end_date=END,
                estimated_hours=1,
                team_goal=goal,
            ),
        )
        leader_client.post(url(team, name=SAVE), goals_post())
        assert not TeamGoal.objects.exists()
        item.refresh_from_db()
        assert item.team_goal is None

    def test_each_year_has_its_own_plan(self, leader_client, team, framework):
        leader_client.post(url(team, NEXT, name=SAVE), goals_post(identity="Volgend jaar"))
        assert TeamPlan.objects.get(team=team).school_year == NEXT
        assert "Volgend jaar" not in leader_client.get(url(team)).content.decode()
        assert "Volgend jaar" in leader_client.get(url(team, NEXT)).content.decode()

    def test_a_wrong_year_shows_this_year_with_a_notice(self, leader_client, team, framework):
        response = leader_client.get(url(team, "2026-2030"))
        assert response.status_code == 200
        assert response.context["school_year"] == YEAR and response.context["notice"]
        assert leader_client.get(url(team, None)).context["school_year"] == YEAR

    def test_a_post_for_a_wrong_year_saves_nothing(self, leader_client, team, framework):
        assert (
            leader_client.post(url(team, "2026-2030", name=SAVE), goals_post(identity="x")).status_code == 404
        )
        assert not TeamPlan.objects.exists()

    def test_too_long_goal_shows_the_error_and_keeps_the_text(self, leader_client, team, framework):
        response = leader_client.post(
            url(team, name=SAVE), goals_post(identity="x" * 2001, workfield="Bewaard")
        )
        assert response.status_code == 200
        assert response.context["plan_form"].errors
        assert "Bewaard" in response.content.decode()
        assert not TeamPlan.objects.exists()

    def test_the_page_links_back_to_the_team_overview(self, leader_client, team, framework):
        page = leader_client.get(url(team)).content.decode()
        assert reverse("overviews:team", args=[team.pk]) in page
        assert page.count("<h1") == 1


class TeamGoalLinkTests:
    def test_a_teacher_links_an_item_and_the_team_plan_counts_it(self, client, leader, team, framework):
        goal = make_goal(team, framework)
        teacher = person(team.organisation, team, Role.TEACHER)
        services.plan_get_or_create(user=teacher, school_year=YEAR)
        client.force_login(teacher)
        form_page = client.get(reverse("plans:item_create", args=[YEAR])).content.decode()
        assert "Techniek: Meer samen met het werkveld" in form_page

        response = client.post(
            reverse("plans:item_create", args=[YEAR]), item_post(framework, team_goal=goal.pk)
        )
        assert response.status_code == 302
        item = PlanItem.objects.get()
        assert item.team_goal == goal
        assert (
            "Meer samen met het werkveld"
            in client.get(reverse("plans:item", args=[item.pk])).content.decode()
        )

        client.force_login(leader)
        goals = client.get(url(team)).context["goals"]
        assert [(g.pk, g.item_count, g.teacher_count) for g in goals] == [(goal.pk, 1, 1)]

    def test_the_link_can_be_changed_and_removed_in_the_edit_form(self, client, team, framework):
        first = make_goal(team, framework)
        second = make_goal(team, framework, "workfield", "Tweede doel")
        teacher = person(team.organisation, team, Role.TEACHER)
        plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
        client.force_login(teacher)
        client.post(reverse("plans:item_create", args=[YEAR]), item_post(framework, team_goal=first.pk))
        item = plan.items.get()
        edit = reverse("plans:item_edit", args=[item.pk])
        assert client.get(edit).context["form"].initial["team_goal"] == first.pk

        client.post(edit, item_post(framework, team_goal=second.pk, version=item.version))
        item.refresh_from_db()
        assert item.team_goal == second
        client.post(edit, item_post(framework, team_goal="", version=item.version))
        item.refresh_from_db()
        assert item.team_goal is None

    def test_a_teacher_of_another_team_cannot_pick_the_goal(self, client, team, other_team, framework):
        goal = make_goal(team, framework)
        outsider = person(team.organisation, other_team, Role.TEACHER)
        services.plan_get_or_create(user=outsider, school_year=YEAR)
        client.force_login(outsider)
        page = client.get(reverse("plans:item_create", args=[YEAR])).content.decode()
        assert "Meer samen met het werkveld" not in page

        response = client.post(
            reverse("plans:item_create", args=[YEAR]), item_post(framework, team_goal=goal.pk)
        )
        assert response.status_code == 200
        assert "team_goal" in response.context["form"].errors
        assert not PlanItem.objects.exists()

    def test_goals_of_another_year_or_of_a_team_leader_role_are_not_offered(self, client, team, framework):
        make_goal(team, framework)
        teacher = person(team.organisation, team, Role.TEACHER)
        leader_only = person(team.organisation, team, Role.TEAM_LEADER)
        next_plan = services.plan_get_or_create(user=teacher, school_year=NEXT)
        own_plan = services.plan_get_or_create(user=leader_only, school_year=YEAR)

        assert not PlanItemForm(plan=next_plan).fields["team_goal"].queryset.exists()
        assert not PlanItemForm(plan=own_plan).fields["team_goal"].queryset.exists()


class TeamActivityTests:
    def test_activities_are_added_changed_and_deleted(self, leader_client, team, framework):
        goal = make_goal(team, framework)
        response = leader_client.post(
            url(team, name=ADD),
            {
                "activity-activity": "co-teaching",
                "activity-title": "",
                "activity-description": "Elke maand",
                "activity-goal": goal.pk,
                "activity-phase": "plan",
            },
        )
        assert response.status_code == 302
        leader_client.post(
            url(team, name=ADD), {"activity-title": "Werkveldcommissie", "activity-phase": "do"}
        )
        first, second = TeamActivity.objects.order_by("pk")
        assert (
            first.activity.code == "co-teaching" and first.goal == goal and first.description == "Elke maand"
        )
        assert second.title == "Werkveldcommissie" and second.phase == "do" and second.goal is None
        page = leader_client.get(url(team)).content.decode()
        assert "Werkveldcommissie" in page and first.activity.name in page

        leader_client.post(url(team, name=SET_PHASE), {"team_activity": first.pk, "phase": "check"})
        first.refresh_from_db()
        assert first.phase == "check"

        leader_client.post(delete_url(team, second), CONFIRM)
        assert list(TeamActivity.objects.all()) == [first]

    def test_an_activity_without_activity_or_title_shows_the_error_and_keeps_the_text(
        self, leader_client, team, framework
    ):
        response = leader_client.post(
            url(team, name=ADD), {"activity-description": "Getypte tekst", "activity-phase": "act"}
        )
        assert response.status_code == 200
        assert "title" in response.context["activity_form"].errors
        assert "Getypte tekst" in response.content.decode()
        assert not TeamActivity.objects.exists()

    def test_a_goal_of_another_team_cannot_be_chosen(self, leader_client, team, other_team, framework):
        make_goal(team, framework)
        foreign = make_goal(other_team, framework)
        response = leader_client.post(
            url(team, name=ADD),
            {
                "activity-title": "PLG",
                "activity-goal": foreign.pk,
                "activity-phase": "do",
            },
        )
        assert response.status_code == 200
        assert "goal" in response.context["activity_form"].errors
        assert not TeamActivity.objects.exists()

    def test_an_unknown_phase_changes_nothing(self, leader_client, team, framework):
        team_plan = TeamPlan.objects.create(team=team, school_year=YEAR)
        activity = TeamActivity.objects.create(team_plan=team_plan, title="PLG")
        response = leader_client.post(
            url(team, name=SET_PHASE), {"team_activity": activity.pk, "phase": "dream"}
        )
        assert response.status_code == 302
        activity.refresh_from_db()
        assert activity.phase == "plan"

    def test_the_page_itself_takes_no_post(self, leader_client, team, framework):
        assert leader_client.post(url(team), {"action": "drop_tables"}).status_code == 405

    def test_an_activity_of_another_team_or_year_is_a_404(self, leader_client, team, other_team, framework):
        TeamPlan.objects.create(team=team, school_year=YEAR)
        foreign = TeamActivity.objects.create(
            team_plan=TeamPlan.objects.create(team=other_team, school_year=YEAR), title="Van een ander"
        )
        later = TeamActivity.objects.create(
            team_plan=TeamPlan.objects.create(team=team, school_year=NEXT), title="Volgend jaar"
        )
        for target in (foreign.pk, later.pk, "abc", ""):
            response = leader_client.post(
                url(team, name=SET_PHASE), {"team_activity": target, "phase": "act"}
            )
            assert response.status_code == 404
        assert TeamActivity.objects.count() == 2
        assert set(TeamActivity.objects.values_list("phase", flat=True)) == {"plan"}


POSTS = [
    (SAVE, goals_post(identity="Ingebroken")),
    (ADD, {"activity-title": "Ingebroken", "activity-phase": "do"}),
]


class TeamPlanAccessTests:
    @pytest.mark.parametrize("who", ["other_leader", "teacher", "outsider", "no_membership"])
    def test_others_get_a_404(self, client, team, other_team, framework, who):
        people = {
            "other_leader": lambda: person(team.organisation, other_team, Role.TEAM_LEADER),
            "teacher": lambda: person(team.organisation, team, Role.TEACHER),
            "outsider": lambda: person(Organisation.objects.create(name="Ander ROC"), None, Role.ADMIN),
            "no_membership": lambda: person(None, None, None),
        }
        team_plan = TeamPlan.objects.create(team=team, school_year=YEAR)
        activity = TeamActivity.objects.create(team_plan=team_plan, title="PLG")
        client.force_login(people[who]())
        assert client.get(url(team)).status_code == 404
        assert client.get(delete_url(team, activity)).status_code == 404
        assert client.post(delete_url(team, activity), CONFIRM).status_code == 404
        for name, data in [*POSTS, (SET_PHASE, {"team_activity": activity.pk, "phase": "act"})]:
            assert client.post(url(team, name=name), data).status_code == 404
        activity.refresh_from_db()
        assert activity.phase == "plan"
        assert not TeamGoal.objects.exists() and TeamActivity.objects.count() == 1

    def test_an_administrator_of_the_school_may(self, client, team, framework):
        client.force_login(person(team.organisation, None, Role.ADMIN))
        assert client.get(url(team)).status_code == 200

    def test_a_visitor_is_sent_to_log_in(self, client, team, framework):
        for response in (client.get(url(team)), client.post(url(team, name=POSTS[0][0]), POSTS[0][1])):
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("accounts:login"))
        assert not TeamPlan.objects.exists()


class TeamPlanQueryTests:
    def _fill(self, team: Team, framework, goals: int, activities: int, teachers: int, items: int) -> None:
        team_plan, _ = TeamPlan.objects.get_or_create(team=team, school_year=YEAR)
        made = [
            TeamGoal.objects.create(team_plan=team_plan, aspect=aspect, text=f"Doel {aspect.code}")
            for aspect in framework.aspects.order_by("number")[:goals]
        ]
        activity = framework.activities.first()
        for n in range(activities):
            TeamActivity.objects.create(
                team_plan=team_plan,
                activity=activity if n % 2 else None,
                title="" if n % 2 else f"Activiteit {n}",
                goal=made[n % len(made)],
            )
        aspect = framework.aspects.first()
        for _ in range(teachers):
            teacher = person(team.organisation, team, Role.TEACHER)
            plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
            for n in range(items):
                services.plan_item_create(
                    plan=plan,
                    data=services.ItemData(
                        goal="x",
                        title=f"Item {n}",
                        aspects=[aspect],
                        start_date=START,
                        end_date=END,
                        estimated_hours=1,
                        team_goal=made[n % len(made)],
                    ),
                )

    def test_the_page_needs_as_many_queries_for_a_large_plan_as_for_a_small_one(
        self, client, organisation, framework
    ):
        small = Team.objects.create(organisation=organisation, name="Klein")
        large = Team.objects.create(organisation=organisation, name="Groot")
        self._fill(small, framework, goals=1, activities=1, teachers=1, items=1)
        self._fill(large, framework, goals=3, activities=12, teachers=4, items=5)
        leader = person(organisation, small, Role.TEAM_LEADER)
        Membership.objects.create(user=leader, organisation=organisation, team=large, role=Role.TEAM_LEADER)
        client.force_login(leader)
        client.get(url(small))  # warm up: the session, the framework

        counts, response = queries_per_get(client, [url(small), url(large)])

        assert counts[0] == counts[1]
        goals = response.context["goals"]
        assert [g.item_count for g in goals] == [8, 8, 4] and response.context["linked_items"] == 20
        assert [g.teacher_count for g in goals] == [4, 4, 4]
        assert len(response.context["activities"]) == 12
