"""A school's own activities: added at the form, seen only by the school, recommended, counted, kept."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework import own_activities
from ontwikkelwijzer.framework.models import Activity
from ontwikkelwijzer.framework.services import framework_load
from ontwikkelwijzer.overviews.models import GroupStats
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.scan.selectors import scan_result
from ontwikkelwijzer.scan.services import ScanInput
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Organisation, Team
from tests.support import person

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())


@pytest.fixture
def school():
    return Organisation.objects.create(name="ROC Oost")


@pytest.fixture
def team(school):
    return Team.objects.create(organisation=school, name="Zorg")


def form_data(**changes) -> dict:
    data = {
        "name": "Regionaal netwerk zorgdocenten",
        "description": "Vier bijeenkomsten per jaar met docenten van drie scholen.",
        "category": "practice",
        "learning": ["informal"],
        "involves_workfield": "on",
        "estimated_hours": "1",
        "contribution_workfield": "Docenten leren van praktijkvoorbeelden uit de regio.",
    }
    return data | changes


def add_own(client, school, **changes):
    return client.post(reverse("framework:own_activities", args=[school.pk]), form_data(**changes))


class AddingTests:
    @pytest.mark.parametrize("role", [Role.HR, Role.CURRICULUM, Role.ADMIN])
    def test_hr_curriculum_and_administrators_add_one(self, client, school, framework, role):
        client.force_login(person(school, None, role))

        response = add_own(client, school)

        assert response.status_code == 302
        activity = Activity.everything.get(organisation=school)
        assert activity.framework == framework and activity.code.startswith(f"eigen-{school.pk}-")
        assert (activity.category.code, activity.informal, activity.formal) == ("practice", True, False)
        assert [c.aspect.code for c in activity.contributions.all()] == ["workfield"]
        assert activity.involves_workfield and activity.estimated_hours == 1
        page = client.get(reverse("framework:own_activities", args=[school.pk])).content.decode()
        assert "Regionaal netwerk zorgdocenten" in page

    @pytest.mark.parametrize(
        "changes, field, message",
        [
            ({"category": "onbekend"}, "category", "Selecteer een geldige keuze"),
            ({"learning": []}, "learning", "Kies informeel, formeel of allebei."),
            ({"contribution_workfield": ""}, "contribution_competence", "aan minstens één aspect"),
            (
                {"contribution_onbekend": "x", "contribution_workfield": ""},
                "contribution_competence",
                "minstens",
            ),
            ({"name": ""}, "name", "Dit veld is verplicht"),
            ({"estimated_hours": "0"}, "estimated_hours", "minstens 1"),
        ],
    )
    def test_bad_input_is_refused_at_the_form_and_nothing_is_stored(
        self, client, school, framework, changes, field, message
    ):
        client.force_login(person(school, None, Role.HR))

        response = add_own(client, school, **changes)

        assert response.status_code == 200 and not Activity.everything.filter(organisation=school).exists()
        form = response.context["form"]
        assert message in " ".join(form.errors[field])
        html = response.content.decode()
        assert 'aria-invalid="true"' in html and "Vier bijeenkomsten per jaar" in html  # what was typed stays

    @pytest.mark.parametrize("role", [Role.TEACHER, Role.TEAM_LEADER])
    def test_teachers_and_team_leaders_cannot(self, client, school, team, framework, role):
        client.force_login(person(school, team, role))

        assert client.get(reverse("framework:own_activities", args=[school.pk])).status_code == 404
        assert add_own(client, school).status_code == 404
        assert not Activity.everything.filter(organisation=school).exists()

    def test_another_schools_activity_cannot_be_changed_by_guessing(self, client, school, framework):
        client.force_login(person(school, None, Role.HR))
        add_own(client, school)
        code = Activity.everything.get(organisation=school).code
        other = Organisation.objects.create(name="ROC West")
        client.force_login(person(other, None, Role.HR))

        for address in (
            reverse("framework:own_activity_edit", args=[school.pk, code]),
            reverse("framework:own_activity_edit", args=[other.pk, code]),
        ):
            assert client.post(address, form_data(name="Overgenomen")).status_code == 404
        assert Activity.everything.get(code=code).name == "Regionaal netwerk zorgdocenten"

    def test_it_can_be_changed(self, client, school, framework):
        client.force_login(person(school, None, Role.CURRICULUM))
        add_own(client, school)
        code = Activity.everything.get(organisation=school).code
        address = reverse("framework:own_activity_edit", args=[school.pk, code])
        assert 'value="Regionaal netwerk zorgdocenten"' in client.get(address).content.decode()

        response = client.post(
            address, form_data(learning=["informal", "formal"], contribution_identity="Ook dit.")
        )

        assert response.status_code == 302
        activity = Activity.everything.get(code=code)
        assert activity.formal and sorted(c.aspect.code for c in activity.contributions.all()) == [
            "identity",
            "workfield",
        ]


def own_activity(school, framework) -> Activity:
    form = own_activities.OwnActivityForm(form_data(), framework=framework)
    assert form.is_valid(), form.errors
    return own_activities.save(
        organisation=school, framework=framework, data=own_activities.OwnActivityData.from_form(form)
    )


class UseTests:
    def test_only_the_schools_own_people_get_it_recommended(self, school, team, framework):
        activity = own_activity(school, framework)
        answers = {s.code: 1 for s in framework.scan_statements.all()}
        data = ScanInput(answers=answers, hours_available=1)  # only the one-hour own activity fits

        mine = scan_result(framework=framework, data=data, organisations=[school.pk])
        others = scan_result(framework=framework, data=data, organisations=[])

        assert [r.code for r in mine.recommendations] == [activity.code]
        assert others.recommendations == []

    def test_the_public_catalogue_and_the_api_never_show_it(self, client, school, framework):
        own_activity(school, framework)

        for address in ("/activiteiten/", "/api/v1/activities", "/api/v1/framework"):
            assert "Regionaal netwerk" not in client.get(address).content.decode(), address
        assert framework.activities.count() == 34

    def test_a_teacher_plans_it_and_the_overviews_count_it(self, client, school, team, framework):
        activity = own_activity(school, framework)
        teacher = person(school, team, Role.TEACHER)
        services.plan_get_or_create(user=teacher, school_year=YEAR)
        client.force_login(teacher)

        response = client.post(reverse("plans:add_activity", args=[YEAR]), {"activity": activity.code})

        assert response.status_code == 302
        counts = GroupStats.objects.get(organisation=school, team=team, school_year=YEAR).counts
        assert counts["cat:practice"] == 1 and counts["workfield"] == 1
        assert counts["cov:workfield:practice:1:0"] == 1
        school_counts = GroupStats.objects.get(organisation=school, team=None, school_year=YEAR).counts
        assert school_counts[f"act:{activity.code}"] == 1  # the activity table is the school's

    def test_a_teacher_of_another_school_cannot_plan_it(self, client, school, framework):
        activity = own_activity(school, framework)
        stranger = person(Organisation.objects.create(name="ROC West"), None, Role.TEACHER)
        client.force_login(stranger)

        response = client.post(reverse("plans:add_activity", args=[YEAR]), {"activity": activity.code})

        assert response.status_code == 404

    def test_it_is_kept_when_a_new_framework_version_is_loaded(self, school, framework, tmp_path):
        activity = own_activity(school, framework)
        text = settings.FRAMEWORK_FILE.read_text(encoding="utf-8")
        newer = tmp_path / "bgd-2099-01.yaml"
        newer.write_text(
            text.replace(f'version: "{framework.version}"', 'version: "2099-01"', 1), encoding="utf-8"
        )

        result = framework_load(path=newer)

        assert result.created and result.own_left_out == []
        copy = Activity.everything.get(framework=result.framework, code=activity.code)
        assert copy.organisation == school and copy.category.framework == result.framework
        assert [c.aspect.framework for c in copy.contributions.all()] == [result.framework]
        assert Activity.everything.filter(pk=activity.pk).exists()  # the old version keeps its own
        assert result.framework.activities.count() == 34


class OverviewFollowsAnEditTests:
    def test_editing_an_own_activity_moves_the_overview_of_whoever_planned_it(
        self, client, school, team, framework
    ):
        from ontwikkelwijzer.overviews.team_overview import team_overview
        from ontwikkelwijzer.plans import services
        from ontwikkelwijzer.teams.constants import Role
        from tests.support import person, rebuilt, snapshot

        activity = own_activity(school, framework)
        teacher = person(school, team, Role.TEACHER)
        plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
        services.plan_item_from_activity(
            plan=plan, activity=activity, aspects=list(framework.aspects.all()[:1])
        )
        before = team_overview(team=team, school_year=YEAR, for_leader=True).current
        assert before.coverage.by_category["practice"] == 1 and before.workfield == 1
        client.force_login(person(school, None, Role.CURRICULUM))

        response = client.post(
            reverse("framework:own_activity_edit", args=[school.pk, activity.code]),
            form_data(category="expertise", learning=["formal"], involves_workfield=""),
        )

        assert response.status_code == 302
        after = team_overview(team=team, school_year=YEAR, for_leader=True).current
        assert after.coverage.by_category["practice"] == 0 and after.coverage.by_category["expertise"] == 1
        assert after.workfield == 0 and snapshot() == rebuilt()
