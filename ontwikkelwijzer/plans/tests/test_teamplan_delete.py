"""Deleting a team activity asks first (``core.confirm``): the GET names what goes (the activity, its phase,
the team goal it belongs to) and that it can't be undone; only the POST of that page deletes. Only the
team's leaders (and the school's administrators) reach it; anyone else gets a 404."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans.models import TeamActivity, TeamGoal, TeamPlan
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Organisation, Team
from tests.support import person

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
NEXT = schoolyear.next_school_year(YEAR)
CONFIRM = {"confirm": "yes"}


def nl(text) -> str:
    """A message or label as a Dutch page shows it (the English msgid until it is translated)."""
    with translation.override("nl"):
        return gettext(text) if isinstance(text, str) else str(text)


def delete_url(team: Team, team_activity: TeamActivity) -> str:
    return reverse("plans:team_plan_delete_activity", args=[team.pk, team_activity.pk])


def plan_url(team: Team, year: str) -> str:
    return f"{reverse('plans:team_plan', args=[team.pk])}?jaar={year}"


@pytest.fixture
def leader_client(client, school, team, framework):
    client.force_login(person(school, team, Role.TEAM_LEADER))
    return client


@pytest.fixture
def team_activity(team, framework):
    team_plan = TeamPlan.objects.create(team=team, school_year=YEAR)
    goal = TeamGoal.objects.create(
        team_plan=team_plan,
        aspect=framework.aspects.get(code="workfield"),
        text="Elke docent loopt dit jaar mee in de praktijk",
    )
    return TeamActivity.objects.create(
        team_plan=team_plan, title="Werkveldcommissie", goal=goal, phase=TeamActivity.Phase.DO
    )


class AskingFirstTests:
    def test_the_get_shows_what_goes_and_deletes_nothing(self, leader_client, team, team_activity):
        response = leader_client.get(delete_url(team, team_activity))

        assert response.status_code == 200
        assert "partials/confirm_page.html" in [t.name for t in response.templates]
        html = response.content.decode()
        said = " ".join(response.context["confirmation"].consequences)
        for shown in ("Werkveldcommissie", "Zorg", YEAR, "Elke docent loopt dit jaar mee in de praktijk"):
            assert shown in said and shown in html
        assert nl(TeamActivity.Phase.DO.label) in said
        assert team_activity.goal.aspect.short_name in said
        assert nl("This can't be undone.") in html
        assert html.count("<h1") == 1 and 'name="confirm" value="yes"' in html
        assert f'href="{plan_url(team, YEAR)}#activities"' in html  # cancel: back to that year's plan
        assert TeamActivity.objects.filter(pk=team_activity.pk).exists()

    def test_without_a_goal_it_says_so(self, leader_client, team, framework):
        loose = TeamActivity.objects.create(
            team_plan=TeamPlan.objects.create(team=team, school_year=YEAR), title="Intervisie"
        )

        response = leader_client.get(delete_url(team, loose))

        assert nl("It belongs to no team goal.") in response.context["confirmation"].consequences

    @pytest.mark.parametrize("data", [{}, {"confirm": "no"}, {"team_activity": "1"}])
    def test_a_post_without_the_confirmation_deletes_nothing_and_asks(
        self, leader_client, team, team_activity, data
    ):
        response = leader_client.post(delete_url(team, team_activity), data)

        assert response.status_code == 200
        assert "partials/confirm_page.html" in [t.name for t in response.templates]
        assert TeamActivity.objects.filter(pk=team_activity.pk).exists()

    def test_the_confirmed_post_deletes_it_and_goes_back_to_the_plan(
        self, leader_client, team, team_activity
    ):
        goal = team_activity.goal

        response = leader_client.post(delete_url(team, team_activity), CONFIRM)

        assert response.status_code == 302
        assert response["Location"] == f"{plan_url(team, YEAR)}#activities"
        assert not TeamActivity.objects.filter(pk=team_activity.pk).exists()
        assert TeamGoal.objects.filter(pk=goal.pk).exists()  # the goal stays
        page = leader_client.get(response["Location"])
        assert any("Werkveldcommissie" in str(m) for m in page.context["messages"])

    def test_an_activity_of_another_year_goes_back_to_that_year(self, leader_client, team, framework):
        later = TeamActivity.objects.create(
            team_plan=TeamPlan.objects.create(team=team, school_year=NEXT), title="Volgend jaar"
        )

        assert NEXT in " ".join(
            leader_client.get(delete_url(team, later)).context["confirmation"].consequences
        )
        response = leader_client.post(delete_url(team, later), CONFIRM)

        assert response["Location"] == f"{plan_url(team, NEXT)}#activities"
        assert not TeamActivity.objects.exists()

    def test_the_team_plan_links_to_the_question_and_posts_nothing_to_delete(
        self, leader_client, team, team_activity
    ):
        html = leader_client.get(plan_url(team, YEAR)).content.decode()

        assert f'<a href="{delete_url(team, team_activity)}"' in html
        assert f'action="{delete_url(team, team_activity)}' not in html
        assert 'name="team_activity"' in html  # the phase form still names it; no delete form does
        assert html.count('name="team_activity"') == 1


class WhoMayTests:
    @pytest.mark.parametrize("who", ["teacher", "other_leader", "outsider"])
    def test_anyone_but_the_teams_leader_gets_a_404_and_nothing_goes(
        self, client, school, team, team_activity, who
    ):
        other_team = Team.objects.create(organisation=school, name="Techniek")
        people = {
            "teacher": lambda: person(school, team, Role.TEACHER),
            "other_leader": lambda: person(school, other_team, Role.TEAM_LEADER),
            "outsider": lambda: person(Organisation.objects.create(name="ROC West"), None, Role.ADMIN),
        }
        client.force_login(people[who]())

        assert client.get(delete_url(team, team_activity)).status_code == 404
        assert client.post(delete_url(team, team_activity), CONFIRM).status_code == 404
        assert TeamActivity.objects.filter(pk=team_activity.pk).exists()

    def test_another_teams_activity_through_this_team_is_a_404(
        self, leader_client, school, team, team_activity
    ):
        other_team = Team.objects.create(organisation=school, name="Techniek")
        foreign = TeamActivity.objects.create(
            team_plan=TeamPlan.objects.create(team=other_team, school_year=YEAR), title="PLG Techniek"
        )

        assert leader_client.get(delete_url(team, foreign)).status_code == 404
        assert leader_client.post(delete_url(team, foreign), CONFIRM).status_code == 404
        missing = reverse("plans:team_plan_delete_activity", args=[team.pk, foreign.pk + 1000])
        assert leader_client.post(missing, CONFIRM).status_code == 404
        assert TeamActivity.objects.count() == 2

    def test_a_visitor_is_sent_to_log_in(self, client, team, team_activity):
        for response in (
            client.get(delete_url(team, team_activity)),
            client.post(delete_url(team, team_activity), CONFIRM),
        ):
            assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        assert TeamActivity.objects.filter(pk=team_activity.pk).exists()
