"""``/``: the public home page for visitors, a teacher's start page for a signed-in teacher
(``overviews.start``, ``overviews.views.start``)."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.tests.helpers import english
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.overviews.start import DueKind, ItemState, Step, due_items, next_step
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import ConversationNote, LogEntry, PlanItem, Reflection
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.workfield.models import Contact, Offer, OfferRequest, Partner
from tests.support import add, own, person, queries_per_get, scan

pytestmark = pytest.mark.django_db
TODAY = date.today()
YEAR = schoolyear.school_year_for(TODAY)
BROCHURE = "Keep your vocational didactics up to date"


@pytest.fixture
def partner(school):
    return Partner.objects.create(organisation=school, name="Zorggroep Oost")


def start(client, user):
    client.force_login(user)
    return english(client).get(reverse("home"))


def next_step_of(html: str) -> str:
    return html.split('<section class="next-step"')[1].split("</section>")[0]


def planned(plan, framework, code: str, *, days_from: int, days_to: int, hours: str = "10", **changes):
    """A catalogue activity in the plan from ``days_from`` to ``days_to`` days from today."""
    return add(
        plan,
        framework,
        code,
        start_date=TODAY + timedelta(days=days_from),
        end_date=TODAY + timedelta(days=days_to),
        estimated_hours=Decimal(hours),
        **changes,
    )


def logged(item: PlanItem, hours: str = "1") -> LogEntry:
    return services.log_entry_create(item=item, day=TODAY, description="Gedaan", hours_spent=Decimal(hours))


def reflected(item: PlanItem) -> Reflection:
    return services.reflection_save(item=item, aspect=item.aspects.first(), rating=4, text="Veel geleerd")


def answered_request(
    partner, teacher, *, days_ago: int, status=OfferRequest.Status.ACCEPTED, title="Meeloopdag"
):
    offer = Offer.objects.create(
        partner=partner,
        kind=Offer.Kind.INTERNSHIP,
        title=title,
        description="Een dag meelopen",
        activity_code="docentstage",
        start_date=TODAY,
        end_date=TODAY + timedelta(days=60),
        places=2,
    )
    return OfferRequest.objects.create(
        offer=offer,
        teacher=teacher,
        message="Graag",
        status=status,
        answer="Welkom",
        answered_at=timezone.now() - timedelta(days=days_ago),
    )


class WhoGetsWhatTests:
    def test_a_visitor_gets_the_public_home_page_from_the_cache(self, client, framework, settings):
        settings.PUBLIC_CACHE_SECONDS = 300
        first = english(client).get(reverse("home"))
        with CaptureQueriesContext(connection) as queries:
            second = client.get(reverse("home"))

        assert BROCHURE in first.content.decode() and "Your next step" not in first.content.decode()
        assert second.content == first.content
        assert len(queries) == 0

    def test_the_start_page_is_never_cached_nor_served_to_anyone_else(
        self, client, framework, settings, school, team
    ):
        settings.PUBLIC_CACHE_SECONDS = 300
        teacher = person(school, team, Role.TEACHER, name="Fatima")

        response = start(client, teacher)

        assert "Welcome, Fatima" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
        client.logout()
        client.cookies.clear()
        english(client)
        for _ in range(2):  # the second from the visitors' cache
            html = client.get(reverse("home")).content.decode()
            assert BROCHURE in html and "Fatima" not in html

    def test_a_teacher_gets_their_start_page_and_so_does_someone_who_signed_up_alone(
        self, client, framework, school, team
    ):
        for user in (person(school, team, Role.TEACHER), person()):
            html = start(client, user).content.decode()
            assert "Your next step" in html and BROCHURE not in html

    def test_a_partner_contact_gets_their_partners_page(self, client, framework, school, partner):
        contact = person(school, None, Role.PARTNER)
        Contact.objects.create(partner=partner, name="Piet", email=contact.email, user=contact)

        response = start(client, contact)

        assert response.status_code == 302 and response["Location"] == reverse("workfield:partner_home")

    @pytest.mark.parametrize("role", [Role.HR, Role.ADMIN, Role.CURRICULUM, Role.TEAM_LEADER])
    def test_others_go_to_what_they_lead_until_they_have_a_plan_or_scan_of_their_own(
        self, client, framework, school, team, role
    ):
        user = person(school, team if role == Role.TEAM_LEADER else None, role)
        response = start(client, user)
        assert response.status_code == 302 and response["Location"] == reverse("overviews:home")

        scan(user, framework, 3)
        html = start(client, user).content.decode()
        assert "Your next step" in html and BROCHURE not in html

    def test_the_operator_without_a_school_goes_to_the_school_administration(self, client, framework):
        operator = User.objects.create_user(email="ict@school.nl", password="x", is_staff=True)
        response = start(client, operator)
        assert response.status_code == 302 and response["Location"] == reverse("teams:admin_home")


class StartPageTests:
    def test_it_shows_this_teachers_plan_in_figures_and_nothing_of_anyone_elses(
        self, client, framework, school, team
    ):
        teacher = person(school, team, Role.TEACHER)
        teacher.fte = Decimal("0.8")
        teacher.save()
        plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
        stage = planned(plan, framework, "docentstage", days_from=-10, days_to=60, hours="12.5")
        logged(stage, "3.5")
        planned(plan, framework, "co-teaching", days_from=5, days_to=80, hours="6")
        cancelled = planned(plan, framework, "werkbezoeken", days_from=5, days_to=80, hours="50")
        PlanItem.objects.filter(pk=cancelled.pk).update(status=ItemStatus.CANCELLED)
        colleague = person(school, team, Role.TEACHER)
        theirs = services.plan_get_or_create(user=colleague, school_year=YEAR)
        logged(own(theirs, framework, ("identity",), title="Onderzoek van de collega", hours="77"), "44")

        html = start(client, teacher).content.decode()

        assert f"Your plan {YEAR}" in html
        figures = html.split('<dl class="figures start-figures">')[1].split("</dl>")[0]
        assert re.findall(r"<dd>([\d.,]+)</dd>", figures) == ["47.2", "18.5", "3.5"]  # budget, planned, spent
        statuses = html.split('<ul class="start-statuses"')[1].split(">", 1)[1].split("</ul>")[0]
        assert re.sub(r"<[^>]+>|\s+", " ", statuses).split() == "1 planned 1 in progress 1 cancelled".split()
        assert "0 of 2 activities reflected on." in html
        assert "Onderzoek van de collega" not in html and "77.0" not in html and "44.0" not in html

    def test_it_counts_the_activities_per_phase_of_the_pdca_cycle(self, client, framework, school, team):
        teacher = person(school, team, Role.TEACHER)
        plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
        planned(plan, framework, "co-teaching", days_from=5, days_to=80)  # plan
        logged(planned(plan, framework, "docentstage", days_from=-10, days_to=60))  # do
        aspect = framework.aspects.first()
        reflected = planned(plan, framework, "werkbezoeken", days_from=-90, days_to=-5)
        Reflection.objects.create(item=reflected, aspect=aspect, text="Geleerd", rating=4)  # check
        acted = planned(plan, framework, "vakliteratuur", days_from=-90, days_to=-5, follow_up="Delen")  # act
        Reflection.objects.create(item=acted, aspect=aspect, text="Geleerd", rating=4)
        gone = planned(plan, framework, "plg", days_from=5, days_to=80, follow_up="Niet meer")
        PlanItem.objects.filter(pk=gone.pk).update(status=ItemStatus.CANCELLED)  # counts in no phase

        html = start(client, teacher).content.decode()

        phases = html.split('<ul class="start-statuses start-phases">')[1].split("</ul>")[0]
        assert re.sub(r"<[^>]+>|\s+", " ", phases).split() == "1 Plan 1 Do 1 Check 1 Act".split()

    def test_without_a_plan_it_shows_the_budget_and_says_there_is_none(self, client, framework, school, team):
        html = start(client, person(school, team, Role.TEACHER)).content.decode()
        assert "You have no plan for this school year yet. Your budget: 59.0 hours." in html

    def test_the_next_step_follows_the_teachers_progress(self, client, framework, school, team):
        teacher = person(school, team, Role.TEACHER)

        step = next_step_of(start(client, teacher).content.decode())
        assert "Take the self-scan" in step and f'href="{reverse("scan:form")}"' in step

        taken = scan(teacher, framework, 2)
        step = next_step_of(start(client, teacher).content.decode())
        assert "Add your first activity" in step
        assert f'href="{reverse("scan:detail", args=[taken.pk])}"' in step

        plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
        item = planned(plan, framework, "docentstage", days_from=-20, days_to=10)
        step = next_step_of(start(client, teacher).content.decode())
        assert f"Log what you did for “{item.name}”" in step
        assert f'href="{reverse("plans:item", args=[item.pk])}#log"' in step

        logged(item)
        step = next_step_of(start(client, teacher).content.decode())
        assert "Look at your plan" in step and f'href="{reverse("plans:current")}"' in step

        PlanItem.objects.filter(pk=item.pk).update(end_date=TODAY - timedelta(days=1))
        step = next_step_of(start(client, teacher).content.decode())
        assert f"Reflect on “{item.name}”" in step
        assert f'href="{reverse("plans:item", args=[item.pk])}#reflection"' in step

        reflected(item)
        assert "Look at your plan" in next_step_of(start(client, teacher).content.decode())

    def test_a_new_year_with_unfinished_activities_of_last_year_offers_to_take_them_over(
        self, client, framework, school, team
    ):
        teacher = person(school, team, Role.TEACHER)
        scan(teacher, framework, 2)
        last = services.plan_get_or_create(user=teacher, school_year=schoolyear.previous_school_year(YEAR))
        planned(last, framework, "docentstage", days_from=-400, days_to=-300)
        step = next_step_of(start(client, teacher).content.decode())
        assert "Take over from last school year" in step
        assert f'href="{reverse("plans:carry_over", args=[YEAR])}"' in step
        PlanItem.objects.filter(plan=last).update(status=ItemStatus.DONE)  # nothing left unfinished
        assert "Add your first activity" in next_step_of(start(client, teacher).content.decode())

    def test_what_is_waiting_lists_due_items_recent_answers_and_the_conversation(
        self, client, framework, school, team, partner
    ):
        teacher = person(school, team, Role.TEACHER)
        plan = services.plan_get_or_create(user=teacher, school_year=YEAR)
        ending = planned(plan, framework, "co-teaching", days_from=-5, days_to=20)
        later = planned(plan, framework, "werkbezoeken", days_from=-5, days_to=45)
        answered_request(partner, teacher, days_ago=3, title="Meeloopdag op de afdeling")
        answered_request(
            partner, teacher, days_ago=3, status=OfferRequest.Status.DECLINED, title="Gastles zorg"
        )
        answered_request(partner, teacher, days_ago=45, title="Oude aanvraag")
        answered_request(partner, person(school, team, Role.TEACHER), days_ago=1, title="Van een collega")
        ConversationNote.objects.create(
            plan=plan, author_name="Jan de Leider", date=TODAY, text="Afspraak over de docentstage"
        )

        html = start(client, teacher).content.decode()

        waiting = html.split('id="start-due-heading"')[1].split("</section>")[0]
        assert f'href="{reverse("plans:item", args=[ending.pk])}#log"' in waiting
        assert later.name not in waiting  # ends later than 30 days from now
        assert "Zorggroep Oost accepted your request for “Meeloopdag op de afdeling”" in waiting
        assert "Zorggroep Oost declined your request for “Gastles zorg”" in waiting
        assert "Oude aanvraag" not in waiting and "Van een collega" not in waiting
        assert "Jan de Leider" in waiting and "Afspraak over de docentstage" in waiting

    def test_the_latest_scan_names_the_aspect_with_most_room_to_grow(self, client, framework, school, team):
        teacher = person(school, team, Role.TEACHER)
        scan(teacher, framework, 1)
        latest = scan(teacher, framework, 4)
        codes = framework.scan_statements.filter(aspect__code="identity").values_list("pk", flat=True)
        latest.answers.filter(statement__in=codes).update(value=2)

        html = start(client, teacher).content.decode()

        section = html.split('id="start-scan-heading"')[1].split("</section>")[0]
        assert "Most room to grow: Beroepsidentiteit (2.0 of 5)." in section
        assert f'href="{reverse("scan:detail", args=[latest.pk])}"' in section

    def test_its_query_count_does_not_depend_on_the_amount_of_data(
        self, client, framework, school, team, partner, django_assert_max_num_queries
    ):
        small, large = person(school, team, Role.TEACHER), person(school, team, Role.TEACHER)
        plan = services.plan_get_or_create(user=small, school_year=YEAR)  # one of each
        item = planned(plan, framework, "docentstage", days_from=-5, days_to=5)
        logged(item)
        reflected(item)
        scan(small, framework, 3)
        ConversationNote.objects.create(plan=plan, author_name="Jan", date=TODAY, text="Afspraak")
        answered_request(partner, small, days_ago=1)
        plan = services.plan_get_or_create(user=large, school_year=YEAR)
        codes = list(framework.activities.values_list("code", flat=True)[:12])
        for n, code in enumerate(codes):
            item = planned(plan, framework, code, days_from=-40 + n, days_to=-1 + 3 * n)
            for _ in range(n % 3):
                logged(item)
            if n % 2:
                reflected(item)
        for n in range(4):
            scan(large, framework, 1 + n)
            ConversationNote.objects.create(plan=plan, author_name="Jan", date=TODAY, text=f"Afspraak {n}")
            answered_request(partner, large, days_ago=n, title=f"Aanbod {n}")

        counts = []
        for user in (small, large):
            client.force_login(user)
            with django_assert_max_num_queries(20):
                counted, _ = queries_per_get(client, [reverse("home")])
            counts += counted
        assert counts[0] == counts[1]


def state(
    pk: int = 1, *, status=ItemStatus.PLANNED, start: int = -10, end: int = 10, logged=False, reflected=False
):
    return ItemState(
        pk=pk,
        name=f"Item {pk}",
        status=status,
        start_date=TODAY + timedelta(days=start),
        end_date=TODAY + timedelta(days=end),
        logged=logged,
        reflected=reflected,
    )


class NextStepTests:
    @pytest.mark.parametrize(
        ("has_scan", "items", "step", "item"),
        [
            (False, [], Step.SCAN, None),
            (True, [], Step.ADD_FIRST, None),
            (False, [state(status=ItemStatus.CANCELLED)], Step.SCAN, None),  # only what counts
            (True, [state(status=ItemStatus.CARRIED_OVER)], Step.ADD_FIRST, None),
            (False, [state(1, end=10)], Step.LOG_DUE, 1),
            (True, [state(1, end=10, logged=True)], Step.PLAN, None),
            (True, [state(1, start=-5, end=60)], Step.LOG_START, 1),
            (True, [state(1, start=5, end=60)], Step.PLAN, None),  # not started yet
            (True, [state(1, end=-1, logged=True)], Step.REFLECT, 1),
            (True, [state(1, status=ItemStatus.DONE, end=60, logged=True)], Step.REFLECT, 1),
            (True, [state(1, end=-1, reflected=True)], Step.PLAN, None),
            # the item that ended first comes first: the one that ended, then the one ending soon
            (True, [state(1, end=10), state(2, end=-3)], Step.REFLECT, 2),
            (True, [state(1, end=20), state(2, end=10)], Step.LOG_DUE, 2),
        ],
    )
    def test_it_picks_one_step_from_the_state(self, has_scan, items, step, item):
        chosen = next_step(has_scan=has_scan, items=items, today=TODAY)
        assert chosen.step == step
        assert (chosen.item.pk if chosen.item else None) == item

    @pytest.mark.parametrize("has_scan", [True, False])
    def test_last_years_unfinished_activities_come_first_in_an_empty_year_only(self, has_scan):
        assert next_step(has_scan=has_scan, items=[], today=TODAY, unfinished_before=2).step == Step.TAKE_OVER
        under_way = [state(1, start=-5, end=60)]
        chosen = next_step(has_scan=has_scan, items=under_way, today=TODAY, unfinished_before=2)
        assert chosen.step == Step.LOG_START

    def test_due_items_are_ended_ones_without_reflection_and_soon_ending_ones_without_anything(self):
        items = [
            state(1, end=-2),  # ended, nothing reflected
            state(2, end=30),  # ends within 30 days, nothing logged
            state(3, end=31),  # later
            state(4, end=10, logged=True),  # logged: not asking yet
            state(5, end=-2, reflected=True),  # reflected: done with
            state(6, end=-2, status=ItemStatus.CANCELLED),
        ]
        due = due_items(items, today=TODAY)
        assert [(d.item.pk, d.kind) for d in due] == [(1, DueKind.REFLECT), (2, DueKind.LOG)]
