"""The curriculum developers' view of a school (/werkveld/school/<pk>/curriculum/)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import TeamActivity, TeamPlan
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team
from ontwikkelwijzer.workfield.models import Contact, Offer, OfferRequest, Partner
from tests.support import add, person, queries_per_get

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
PREVIOUS = f"{int(YEAR[:4]) - 1}-{YEAR[:4]}"
FIRST, LAST = schoolyear.bounds(YEAR)


def url(school: Organisation, **query) -> str:
    address = reverse("overviews:curriculum", args=[school.pk])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows_by_code(response) -> dict[str, dict]:
    return {row["activity"].code: row for row in response.context["rows"]}


def offer(partner: Partner, code: str = "co-assessment", **changes) -> Offer:
    values = {
        "kind": Offer.Kind.CO_ASSESSMENT,
        "title": f"Aanbod {code}",
        "description": "Samen beoordelen.",
        "activity_code": code,
        "start_date": FIRST + timedelta(days=30),
        "end_date": FIRST + timedelta(days=60),
        "places": 3,
    }
    return Offer.objects.create(partner=partner, **(values | changes))


def request_for(offer: Offer, status: str = OfferRequest.Status.ACCEPTED) -> OfferRequest:
    teacher = person()
    return OfferRequest.objects.create(offer=offer, teacher=teacher, message="Graag.", status=status)


def team_activity(team: Team, framework, code: str, title: str = "", school_year: str = YEAR) -> TeamActivity:
    plan, _ = TeamPlan.objects.get_or_create(team=team, school_year=school_year)
    return TeamActivity.objects.create(
        team_plan=plan, activity=framework.activities.get(code=code), title=title
    )


@pytest.fixture
def school():
    return Organisation.objects.create(name="ROC Midden")


@pytest.fixture
def other():
    return Organisation.objects.create(name="ROC Elders")


@pytest.fixture
def team(school):
    return Team.objects.create(organisation=school, name="Zorg")


class WhoMayOpenItTests:
    @pytest.mark.parametrize("role", [Role.CURRICULUM, Role.HR, Role.ADMIN])
    def test_curriculum_developers_hr_and_administrators_of_the_school(self, client, framework, school, role):
        client.force_login(person(school, None, role))
        response = client.get(url(school))
        assert response.status_code == 200
        assert response.context["school"] == school
        html = response.content.decode()
        assert html.count("<h1") == 1
        assert 'id="curriculum-year"' in html and 'name="jaar"' in html
        assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html

    @pytest.mark.parametrize("role", [Role.TEACHER, Role.TEAM_LEADER])
    def test_teachers_and_team_leaders_get_a_404(self, client, framework, school, team, role):
        client.force_login(person(school, team, role))
        assert client.get(url(school)).status_code == 404

    def test_a_partner_account_gets_a_404(self, client, framework, school):
        user = person(school, None, Role.PARTNER)
        partner = Partner.objects.create(organisation=school, name="Bouw BV")
        Contact.objects.create(partner=partner, name="Piet", email=user.email, user=user)
        client.force_login(user)
        assert client.get(url(school)).status_code == 404

    @pytest.mark.parametrize("role", [Role.CURRICULUM, Role.HR, Role.ADMIN])
    def test_another_schools_people_get_a_404(self, client, framework, school, other, role):
        client.force_login(person(other, None, role))
        assert client.get(url(school)).status_code == 404
        assert client.get(reverse("overviews:curriculum", args=[999999])).status_code == 404

    def test_someone_without_a_role_gets_a_404(self, client, framework, school):
        client.force_login(person())
        assert client.get(url(school)).status_code == 404

    def test_a_visitor_is_sent_to_log_in(self, client, framework, school):
        response = client.get(url(school))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


class FiguresTests:
    def test_only_activities_that_touch_the_curriculum_with_their_category(self, client, framework, school):
        client.force_login(person(school, None, Role.CURRICULUM))
        response = client.get(url(school))
        rows = response.context["rows"]
        flagged = set(framework.activities.filter(touches_curriculum=True).values_list("code", flat=True))
        assert {row["activity"].code for row in rows} == flagged
        assert "docentstage" not in rows_by_code(response)
        co_design = rows_by_code(response)["co-design"]
        assert co_design["activity"].category.code == "development"
        assert (co_design["items"], co_design["teachers"]) == (0, 0)
        assert co_design["team_activities"] == [] and co_design["partners"] == []

    def test_plan_items_and_teachers_of_the_school_year(self, client, framework, school, team, other):
        school.min_group_size = 3
        school.save()
        first, second, third = (person(school, team, Role.TEACHER) for _ in range(3))
        plan = services.plan_get_or_create(user=first, school_year=YEAR)
        add(plan, framework, "co-design")
        add(plan, framework, "co-design")
        add(plan, framework, "toetsing-rubrics")
        add(plan, framework, "nieuwe-programmas", status=ItemStatus.CANCELLED)  # not counted
        add(plan, framework, "docentstage")  # does not touch the curriculum
        add(services.plan_get_or_create(user=second, school_year=YEAR), framework, "co-design")
        add(services.plan_get_or_create(user=third, school_year=YEAR), framework, "co-design")
        for teacher in (first, second, third):
            add(services.plan_get_or_create(user=teacher, school_year=PREVIOUS), framework, "co-assessment")
        elsewhere = person(other, Team.objects.create(organisation=other, name="Techniek"), Role.TEACHER)
        add(services.plan_get_or_create(user=elsewhere, school_year=YEAR), framework, "co-design")
        client.force_login(person(school, None, Role.CURRICULUM))

        response = client.get(url(school))
        rows = rows_by_code(response)
        assert (rows["co-design"]["items"], rows["co-design"]["teachers"]) == (4, 3)
        # One teacher: not shown, as on the organisation overview (and the research export).
        assert not rows["toetsing-rubrics"]["shown"]
        assert (rows["toetsing-rubrics"]["items"], rows["toetsing-rubrics"]["teachers"]) == (None, None)
        assert rows["co-assessment"]["items"] == 0

        response = client.get(url(school, jaar=PREVIOUS))
        assert response.context["school_year"] == PREVIOUS
        assert PREVIOUS in response.context["school_years"] and YEAR in response.context["school_years"]
        rows = rows_by_code(response)
        assert (rows["co-assessment"]["items"], rows["co-assessment"]["teachers"]) == (3, 3)
        assert rows["co-design"]["items"] == 0

    def test_a_wrong_school_year_gives_the_current_one_with_a_notice(self, client, framework, school):
        client.force_login(person(school, None, Role.HR))
        response = client.get(url(school, jaar="volgend-jaar"))
        assert response.status_code == 200
        assert response.context["school_year"] == YEAR and response.context["notice"]

    def test_team_activities_of_the_schools_teams_in_the_year(self, client, framework, school, team, other):
        second = Team.objects.create(organisation=school, name="Bouw")
        team_activity(team, framework, "co-design", "Lessen ontwerpen met de VVT")
        team_activity(second, framework, "co-design", "Praktijkopdrachten herzien")
        team_activity(second, framework, "toetsing-rubrics")  # no title of its own
        team_activity(team, framework, "co-design", "Vorig jaar", school_year=PREVIOUS)
        team_activity(team, framework, "docentstage", "Stages voor docenten")  # not touching
        team_activity(Team.objects.create(organisation=other, name="Zorg"), framework, "co-design", "Elders")
        client.force_login(person(school, None, Role.CURRICULUM))

        response = client.get(url(school))
        rows = rows_by_code(response)
        assert [(t["team"], t["title"]) for t in rows["co-design"]["team_activities"]] == [
            ("Bouw", "Praktijkopdrachten herzien"),
            ("Zorg", "Lessen ontwerpen met de VVT"),
        ]
        rubrics = rows["toetsing-rubrics"]["team_activities"]
        assert [(t["team"], t["title"]) for t in rubrics] == [("Bouw", "")]
        html = response.content.decode()
        assert "Praktijkopdrachten herzien" in html and "Elders" not in html and "Vorig jaar" not in html
        # A team activity without a title of its own is shown with the activity's name.
        name = framework.activities.get(code="toetsing-rubrics").name
        assert f"Bouw: {name}" in html

    def test_partners_with_offers_but_not_how_many_teachers_they_accepted(
        self, client, framework, school, other
    ):
        jansen = Partner.objects.create(organisation=school, name="Jansen Zorg")
        bakker = Partner.objects.create(organisation=school, name="Bakker Bouw")
        first = offer(jansen)
        second = offer(jansen, title="Tweede ronde")
        request_for(first)
        request_for(first)
        request_for(second)
        request_for(second, status=OfferRequest.Status.PENDING)  # not accepted
        request_for(second, status=OfferRequest.Status.DECLINED)
        offer(bakker)
        offer(bakker, withdrawn=True)  # withdrawn: not counted
        offer(bakker, start_date=FIRST - timedelta(days=60), end_date=FIRST - timedelta(days=1))  # last year
        offer(bakker, "bedrijvenpoule", kind=Offer.Kind.ASSIGNMENT)
        offer(bakker, "docentstage", kind=Offer.Kind.INTERNSHIP)  # not touching the curriculum
        offer(Partner.objects.create(organisation=other, name="Elders BV"))
        client.force_login(person(school, None, Role.CURRICULUM))

        response = client.get(url(school))
        rows = rows_by_code(response)
        assert rows["co-assessment"]["partners"] == [
            {"name": "Bakker Bouw", "offers": 1},
            {"name": "Jansen Zorg", "offers": 2},
        ]  # the accepted requests count teachers, often one: not shown
        assert rows["bedrijvenpoule"]["partners"] == [{"name": "Bakker Bouw", "offers": 1}]
        assert rows["co-design"]["partners"] == []
        html = response.content.decode()
        assert "Jansen Zorg" in html and "Elders BV" not in html

    def test_the_same_number_of_queries_for_a_small_and_a_larger_school(self, client, framework):
        small = Organisation.objects.create(name="Klein")
        large = Organisation.objects.create(name="Groot")
        viewer = person(small, None, Role.CURRICULUM)
        person(large, None, Role.CURRICULUM)
        Membership.objects.create(user=viewer, organisation=large, role=Role.CURRICULUM)
        codes = ["co-design", "toetsing-rubrics", "co-assessment", "bedrijvenpoule", "nieuwe-programmas"]

        def fill(school: Organisation, teams: int, teachers: int, partners: int) -> None:
            made = [Team.objects.create(organisation=school, name=f"Team {n}") for n in range(teams)]
            for n in range(teachers):
                teacher = person(school, made[n % teams], Role.TEACHER)
                plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
                for code in codes[: 1 + n % len(codes)]:
                    add(plan, framework, code)
            for n, t in enumerate(made):
                team_activity(t, framework, codes[n % len(codes)], f"Teamactiviteit {n}")
                team_activity(t, framework, codes[(n + 1) % len(codes)], f"Nog een {n}")
            for n in range(partners):
                partner = Partner.objects.create(organisation=school, name=f"Partner {n}")
                for code in codes[: 1 + n % 3]:
                    made_offer = offer(partner, code)
                    request_for(made_offer)
                    request_for(made_offer, status=OfferRequest.Status.PENDING)

        fill(small, teams=1, teachers=1, partners=1)
        fill(large, teams=5, teachers=12, partners=5)
        client.force_login(viewer)
        client.get(url(small))  # warm up: the session, the framework

        counts, response = queries_per_get(client, [url(small), url(large)])

        assert counts[0] == counts[1], counts
        rows = rows_by_code(response)
        # 12 teachers: teacher n plans the first 1 + n % 5 codes, so co-design is in every plan.
        assert (rows["co-design"]["items"], rows["co-design"]["teachers"]) == (12, 12)
        assert rows["nieuwe-programmas"]["items"] is None  # teachers 4 and 9: too few to show
        assert len(rows["co-design"]["team_activities"]) == 2  # team 0 (its first) and team 4 (its second)
        assert len(rows["co-design"]["partners"]) == 5
