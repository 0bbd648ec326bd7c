"""The calendar feed (``notifications``): a person turns it on, gets a secret address that a calendar
program reads without signing in, makes a new one or turns it off (each asked first); the feed is valid
iCalendar (RFC 5545, parsed back with ``icalendar``) with the person's own dates only."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from ontwikkelwijzer.accounts.tests.helpers import english
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.notifications.models import CalendarFeed
from ontwikkelwijzer.plans import services as plan_services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import PlanItem
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.workfield.models import Offer, OfferRequest, Partner
from tests.support import accepted_offer, add, person, queries_per_get

pytestmark = pytest.mark.django_db
YEAR = schoolyear.school_year_for(date.today())
FIRST, LAST = schoolyear.bounds(YEAR)


def feed_path(user) -> str:
    return reverse("notifications:feed", args=[CalendarFeed.objects.get(user=user).token])


def events(client, path: str) -> dict[str, dict]:
    """The feed's events by UID (without the host), each as {summary, start, end, description, url}."""
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    found = {}
    for event in calendar.walk("VEVENT"):
        assert event["DTSTAMP"] and event["UID"]  # required in every event (RFC 5545, 3.6.1)
        uid = str(event["UID"]).split("@")[0]
        assert uid not in found
        found[uid] = {
            "summary": str(event["SUMMARY"]),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "description": str(event.get("DESCRIPTION", "")),
            "url": str(event["URL"]),
        }
    return found


@pytest.fixture
def teacher(school, team):
    return person(school, team, Role.TEACHER)


def turn_on(client, user):
    client.force_login(user)
    response = client.post(reverse("notifications:agenda_on"))
    assert response.status_code == 302
    client.logout()


class FeedContentTests:
    def test_it_has_the_plans_periods_and_the_booked_offers_and_nothing_else(
        self, client, framework, school, teacher
    ):
        plan = plan_services.plan_get_or_create(user=teacher, school_year=YEAR)
        week = add(
            plan,
            framework,
            "werkbezoeken",
            start_date=FIRST + timedelta(days=30),
            end_date=FIRST + timedelta(days=34),
            goal="Twee bedrijven zien",
        )
        year_long = add(plan, framework, "docentstage", start_date=FIRST, end_date=LAST)
        gone = add(plan, framework, "vakliteratuur", status=ItemStatus.CANCELLED)
        booked = accepted_offer(
            Partner.objects.create(organisation=school, name="Zorggroep Oost"), teacher, Offer.Kind.VISIT
        )
        accepted_offer(
            Partner.objects.create(organisation=school, name="Bouwbedrijf"),
            teacher,
            Offer.Kind.VISIT,
            status=OfferRequest.Status.PENDING,
        )
        colleague = person(school, None, Role.TEACHER)
        add(
            plan_services.plan_get_or_create(user=colleague, school_year=YEAR),
            framework,
            "co-teaching",
            title="Van de collega",
        )
        turn_on(client, teacher)

        found = events(client, feed_path(teacher))

        assert set(found) == {
            f"plan-item-{week.pk}",
            f"plan-item-{year_long.pk}-start",
            f"plan-item-{year_long.pk}-end",
            f"offer-request-{booked.pk}-start",
            f"offer-request-{booked.pk}-end",
        }
        short = found[f"plan-item-{week.pk}"]
        assert short["summary"] == week.name
        assert (short["start"], short["end"]) == (
            week.start_date,
            week.end_date + timedelta(days=1),
        )  # DTEND after the last day
        assert short["description"].startswith("Twee bedrijven zien") and short["url"].endswith(
            f"/ontwikkelplan/item/{week.pk}/"
        )
        assert found[f"plan-item-{year_long.pk}-start"]["summary"] == "Begint: Docentstage"
        assert found[f"plan-item-{year_long.pk}-end"]["start"] == LAST
        assert found[f"offer-request-{booked.pk}-start"]["summary"] == "Begint: Meeloopdag bij Zorggroep Oost"
        assert "Van de collega" not in str(found) and gone.pk not in {
            int(u.split("-")[2]) for u in found if u.startswith("plan-item")
        }

    def test_a_withdrawn_offer_and_a_carried_over_activity_leave_the_feed(
        self, client, framework, school, teacher
    ):
        plan = plan_services.plan_get_or_create(user=teacher, school_year=YEAR)
        item = add(plan, framework, "werkbezoeken", start_date=FIRST, end_date=FIRST)
        booked = accepted_offer(
            Partner.objects.create(organisation=school, name="Zorggroep Oost"), teacher, Offer.Kind.VISIT
        )
        turn_on(client, teacher)
        assert len(events(client, feed_path(teacher))) == 3
        PlanItem.objects.filter(pk=item.pk).update(status=ItemStatus.CARRIED_OVER)
        Offer.objects.filter(pk=booked.offer_id).update(withdrawn=True)
        assert events(client, feed_path(teacher)) == {}

    def test_its_query_count_does_not_grow_with_the_plan(self, client, framework, school, teacher):
        plan = plan_services.plan_get_or_create(user=teacher, school_year=YEAR)
        add(plan, framework, "werkbezoeken")
        turn_on(client, teacher)
        path = feed_path(teacher)
        for code in ("docentstage", "vakliteratuur", "co-assessment", "bedrijvenpoule"):
            add(plan, framework, code)
        accepted_offer(
            Partner.objects.create(organisation=school, name="Zorggroep Oost"), teacher, Offer.Kind.VISIT
        )
        counts = []
        for _round in range(2):
            with_items, _response = queries_per_get(client, [path])
            counts += with_items
            add(plan, framework, "stagebegeleiding")
        assert counts[0] == counts[1] <= 3


class AddressTests:
    def test_turning_on_shows_a_link_that_works_without_signing_in(self, client, framework, teacher):
        client.force_login(teacher)
        page = english(client).get(reverse("notifications:agenda")).content.decode()
        assert "Your calendar link is off" in page
        response = english(client).post(reverse("notifications:agenda_on"), follow=True)
        token = CalendarFeed.objects.get(user=teacher).token
        html = response.content.decode()
        assert f"/agenda/{token}.ics" in html and f'href="webcal://testserver/agenda/{token}.ics"' in html
        client.post(reverse("notifications:agenda_on"))  # twice: the same address
        assert CalendarFeed.objects.get(user=teacher).token == token
        client.logout()
        assert client.get(f"/agenda/{token}.ics").status_code == 200

    def test_a_new_link_is_asked_first_and_then_the_old_one_stops_working(self, client, framework, teacher):
        turn_on(client, teacher)
        old = feed_path(teacher)
        client.force_login(teacher)
        asked = english(client).get(reverse("notifications:agenda_renew"))
        assert "stops working at once" in asked.content.decode()
        client.post(reverse("notifications:agenda_renew"))  # without the confirmation: nothing changes
        assert feed_path(teacher) == old
        client.post(reverse("notifications:agenda_renew"), {"confirm": "yes"})
        new = feed_path(teacher)
        client.logout()
        assert new != old and client.get(new).status_code == 200
        gone = client.get(old)
        assert gone.status_code == 404 and "werkt niet meer" in gone.content.decode()

    def test_turning_off_is_asked_first_and_then_the_link_answers_in_dutch_that_it_is_off(
        self, client, framework, teacher
    ):
        turn_on(client, teacher)
        path = feed_path(teacher)
        client.force_login(teacher)
        client.post(reverse("notifications:agenda_off"))
        assert CalendarFeed.objects.filter(user=teacher).exists()
        client.post(reverse("notifications:agenda_off"), {"confirm": "yes"})
        assert not CalendarFeed.objects.filter(user=teacher).exists()
        response = client.get(path)
        assert response.status_code == 404 and response["Content-Type"].startswith("text/plain")
        assert "Deze agendalink werkt niet meer" in response.content.decode()

    @pytest.mark.parametrize("token", ["x", "a" * 65, "%00", "../../etc"])
    def test_a_wrong_address_is_a_404(self, client, framework, teacher, token):
        turn_on(client, teacher)
        assert client.get(f"/agenda/{token}.ics").status_code == 404

    def test_a_closed_account_has_no_feed(self, client, framework, teacher):
        turn_on(client, teacher)
        path = feed_path(teacher)
        teacher.is_active = False
        teacher.save()
        assert client.get(path).status_code == 404

    def test_the_pages_need_a_login_and_the_feed_is_never_cached(self, client, framework, teacher):
        for name in ("agenda", "agenda_renew", "agenda_off"):
            assert client.get(reverse(f"notifications:{name}")).status_code == 302
        assert client.post(reverse("notifications:agenda_on")).status_code == 302
        assert not CalendarFeed.objects.exists()
        turn_on(client, teacher)
        response = client.get(feed_path(teacher))
        assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
