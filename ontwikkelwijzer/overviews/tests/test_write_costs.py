"""What a write costs in SQL queries, counters of the overviews included (bench/README.md lists them).

Each is a teacher's POST through the real view, in a school with teams, colleagues, plans, scans and a
partner, so the counters have something to do. The number is fixed: it does not grow with the school
(``test_stats.test_the_cost_of_a_refresh_does_not_grow_with_the_organisation``). Counted inside the test's
transaction: a service's ``transaction.atomic`` with a savepoint (the self-scan's) adds a SAVEPOINT and a
RELEASE that are no queries outside tests; the plans' services take none (``savepoint=False``)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Organisation, Sharing, Team
from ontwikkelwijzer.workfield.models import Offer, Partner
from tests.support import accepted_offer, add, answers, person, scan

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
# The most queries each write may take (bench/README.md, "What a write costs"). Before issue #16: 16, 15, 26,
# 23 and 23 (the item's edit, 23, was not counted yet); before this was written down: 35, 39, 44 and 41.
LOG_ENTRY = 12
REFLECTION = 13
ADD_ACTIVITY = 14
ITEM_EDIT = 14
SELF_SCAN = 16
AT_MOST = 15  # what a log entry and a plan-item POST may cost at all (issue #16)


@pytest.fixture
def teacher(framework):
    school = Organisation.objects.create(name="ROC Midden", email_domains="school.nl")
    teams = [Team.objects.create(organisation=school, name=name) for name in ("Zorg", "Techniek")]
    for n in range(6):
        colleague = person(school, teams[n % 2], Role.TEACHER)
        add(services.plan_get_or_create(user=colleague, school_year=YEAR), framework, "plg")
        scan(colleague, framework, 1 + n % 5)
    me = person(school, teams[0], Role.TEACHER)
    Sharing.objects.create(user=me, share_reflections=True)
    plan = services.plan_get_or_create(user=me, school_year=YEAR)
    add(plan, framework, "docentstage", ("competence",))
    scan(me, framework, 3)
    partner = Partner.objects.create(organisation=school, name="Zorggroep Oost")
    for who, kind in ((me, Offer.Kind.INTERNSHIP), (me, Offer.Kind.VISIT), (colleague, Offer.Kind.VISIT)):
        accepted_offer(partner, who, kind)
    return me


def cost(client, url: str, data: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]
    return len(queries)


class WriteCostTests:
    def test_a_log_entry(self, client, teacher):
        item = teacher.plans.get().items.get()
        client.force_login(teacher)
        data = {"date": date.today().isoformat(), "description": "Dag meegelopen", "hours_spent": "4"}

        assert cost(client, reverse("plans:log_add", args=[item.pk]), data) <= LOG_ENTRY <= AT_MOST

    def test_a_reflection(self, client, teacher):
        item = teacher.plans.get().items.get()
        client.force_login(teacher)
        data = {
            "aspect": "competence",
            "r-competence-rating": "4",
            "r-competence-text": "Het werk veranderde.",
        }

        assert cost(client, reverse("plans:reflect", args=[item.pk]), data) <= REFLECTION

    def test_adding_an_activity_to_the_plan(self, client, teacher):
        client.force_login(teacher)

        assert (
            cost(client, reverse("plans:add_activity", args=[YEAR]), {"activity": "vakliteratuur"})
            <= ADD_ACTIVITY
            <= AT_MOST
        )

    def test_editing_an_item(self, client, teacher):
        """Its goal, hours and status: what an edit usually changes (its aspects stay)."""
        item = teacher.plans.get().items.get()
        client.force_login(teacher)
        data = {
            "activity": item.activity.code,
            "title": "",
            "goal": "Beter begeleiden",
            "aspects": [a.pk for a in item.aspects.all()],
            "start_date": item.start_date.isoformat(),
            "end_date": item.end_date.isoformat(),
            "estimated_hours": "12",
            "status": "in_progress",
            "follow_up": "",
            "team_goal": "",
            "version": item.version,
        }

        assert cost(client, reverse("plans:item_edit", args=[item.pk]), data) <= ITEM_EDIT <= AT_MOST

    def test_a_self_scan(self, client, teacher, framework):
        client.force_login(teacher)
        data = answers(framework, {"competence": "4", "identity": "2", "workfield": "3"})

        assert cost(client, reverse("scan:form"), data) <= SELF_SCAN
