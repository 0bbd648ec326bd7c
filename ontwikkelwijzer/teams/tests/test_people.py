from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.scan.services import ScanInput, scan_create
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import AuditEvent, Membership, Organisation, Sharing, Team

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())


@pytest.fixture
def school():
    org = Organisation.objects.create(name="ROC Oost", development_hours=Decimal("80"))
    return (
        org,
        Team.objects.create(organisation=org, name="Zorg"),
        Team.objects.create(organisation=org, name="Techniek"),
    )


def member(email: str, org, team, role) -> User:
    user = User.objects.create_user(email=email, password="x", first_name=email.split("@")[0].title())
    Membership.objects.create(user=user, organisation=org, team=team, role=role)
    return user


@pytest.fixture
def people(school, framework):
    org, zorg, techniek = school
    teacher = member("docent@roc.nl", org, zorg, Role.TEACHER)
    plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
    activity = framework.activities.get(code="docentstage")
    aspect = framework.aspects.get(code="competence")
    item = services.plan_item_from_activity(plan=plan, activity=activity, aspects=[aspect])
    services.reflection_save(item=item, aspect=aspect, rating=4, text="Geheime reflectie")
    scan_create(user=teacher, framework=framework, data=ScanInput(answers={}))
    return {
        "teacher": teacher,
        "leader": member("leider@roc.nl", org, zorg, Role.TEAM_LEADER),
        "other_leader": member("leider2@roc.nl", org, techniek, Role.TEAM_LEADER),
        "colleague": member("collega@roc.nl", org, zorg, Role.TEACHER),
        "zorg": zorg,
    }


def plan_url(people) -> str:
    return reverse("plans:member_plan", args=[people["zorg"].pk, people["teacher"].pk, YEAR])


class BudgetTests:
    def test_the_schools_hours_set_the_budget_pro_rata(self, people):
        people["teacher"].fte = Decimal("0.5")
        people["teacher"].save()
        plan = services.plan_get_or_create(
            user=people["teacher"], school_year=schoolyear.next_school_year(YEAR)
        )
        assert plan.budget_hours == Decimal("40.0")


class MemberPlanTests:
    def test_the_leader_sees_items_and_progress_but_not_what_is_not_shared(self, client, people):
        client.force_login(people["leader"])
        html = client.get(plan_url(people)).content.decode()
        assert "Docentstage" in html
        assert "Geheime reflectie" not in html
        event = AuditEvent.objects.get(subject=people["teacher"])
        assert event.actor == people["leader"] and YEAR in event.action

    def test_shared_reflections_and_scans_become_visible(self, client, people):
        Sharing.objects.create(user=people["teacher"], share_reflections=True, share_scans=True)
        client.force_login(people["leader"])
        html = client.get(plan_url(people)).content.decode()
        assert "Geheime reflectie" in html and "Beroepsbekwaamheid" in html

    @pytest.mark.parametrize("who", ["other_leader", "colleague", "teacher"])
    def test_others_get_a_404_and_nothing_is_logged(self, client, people, who):
        client.force_login(people[who])
        assert client.get(plan_url(people)).status_code == 404
        assert not AuditEvent.objects.exists()

    def test_a_visitor_is_sent_to_log_in(self, client, people):
        assert client.get(plan_url(people))["Location"].startswith(reverse("accounts:login"))


class PrivacyPageTests:
    def test_the_teacher_reads_who_looked_and_changes_what_is_shared(self, client, people):
        client.force_login(people["leader"])
        client.get(plan_url(people))
        client.force_login(people["teacher"])
        html = client.get(reverse("teams:privacy")).content.decode()
        assert "Leider" in html
        client.post(reverse("teams:privacy"), {"share_reflections": "on"})
        sharing = Sharing.objects.get(user=people["teacher"])
        assert sharing.share_reflections and not sharing.share_scans

    def test_the_home_page_lists_the_teams_a_leader_leads(self, client, people):
        client.force_login(people["leader"])
        html = client.get(reverse("overviews:home")).content.decode()
        assert reverse("overviews:team", args=[people["zorg"].pk]) in html
        client.force_login(people["colleague"])
        assert (
            reverse("overviews:team", args=[people["zorg"].pk])
            not in client.get(reverse("overviews:home")).content.decode()
        )
