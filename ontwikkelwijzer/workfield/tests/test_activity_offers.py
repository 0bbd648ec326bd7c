"""The open offers of the school's partners on the catalogue's activity page (/activiteiten/<code>/)."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Organisation, Team
from ontwikkelwijzer.workfield.models import Contact, Offer, OfferRequest, Partner
from tests.support import person

pytestmark = pytest.mark.django_db
TODAY = date.today()
CODE = "co-assessment"
SECTION = 'id="workfield-offers"'


def page(code: str = CODE) -> str:
    return reverse("framework:activity", args=[code])


def offer(partner: Partner, code: str = CODE, **changes) -> Offer:
    values = {
        "kind": Offer.Kind.CO_ASSESSMENT,
        "title": "Meebeoordelen bij de proeve",
        "description": "Samen beoordelen.",
        "activity_code": code,
        "start_date": TODAY - timedelta(days=10),
        "end_date": TODAY + timedelta(days=30),
        "places": 2,
    }
    return Offer.objects.create(partner=partner, **(values | changes))


def accepted(offer: Offer) -> OfferRequest:
    status = OfferRequest.Status.ACCEPTED
    return OfferRequest.objects.create(offer=offer, teacher=person(), message="Graag.", status=status)


@pytest.fixture
def school():
    return Organisation.objects.create(name="ROC Midden")


@pytest.fixture
def team(school):
    return Team.objects.create(organisation=school, name="Zorg")


@pytest.fixture
def partner(school):
    return Partner.objects.create(organisation=school, name="Jansen Zorg")


class TeacherTests:
    @pytest.mark.parametrize("role", [Role.TEACHER, Role.TEAM_LEADER])
    def test_a_teacher_of_the_school_sees_an_open_offer(self, client, framework, school, team, partner, role):
        open_offer = offer(partner)
        accepted(open_offer)
        client.force_login(person(school, team, role))

        response = client.get(page())

        assert response.status_code == 200
        rows = response.context["offers"]
        assert [row["offer"] for row in rows] == [open_offer]
        assert rows[0]["left"] == 1
        html = response.content.decode()
        assert SECTION in html and 'aria-labelledby="workfield-offers-heading"' in html
        assert f'href="{reverse("workfield:offer", args=[open_offer.pk])}"' in html
        assert "Jansen Zorg" in html and "Meebeoordelen bij de proeve" in html

    def test_a_full_an_expired_and_a_withdrawn_offer_are_not_listed(
        self, client, framework, school, team, partner
    ):
        full = offer(partner, title="Vol", places=1)
        accepted(full)
        offer(partner, title="Verlopen", end_date=TODAY - timedelta(days=1))
        offer(partner, title="Ingetrokken", withdrawn=True)
        offer(partner, "docentstage", title="Andere activiteit", kind=Offer.Kind.INTERNSHIP)
        last_day = offer(partner, title="Laatste dag", end_date=TODAY)
        client.force_login(person(school, team, Role.TEACHER))

        response = client.get(page())

        assert [row["offer"] for row in response.context["offers"]] == [last_day]
        html = response.content.decode()
        for title in ("Vol", "Verlopen", "Ingetrokken", "Andere activiteit"):
            assert f">{title}</a>" not in html

    def test_no_open_offer_no_section(self, client, framework, school, team, partner):
        offer(partner, withdrawn=True)
        client.force_login(person(school, team, Role.TEACHER))
        response = client.get(page())
        assert response.context["offers"] == []
        assert SECTION not in response.content.decode()

    def test_a_teacher_of_another_school_sees_no_section(self, client, framework, partner):
        offer(partner)
        other = Organisation.objects.create(name="ROC Elders")
        client.force_login(person(other, Team.objects.create(organisation=other, name="Bouw"), Role.TEACHER))
        response = client.get(page())
        assert response.context["offers"] == []
        assert SECTION not in response.content.decode()

    @pytest.mark.parametrize("role", [Role.HR, Role.CURRICULUM, Role.PARTNER])
    def test_other_roles_of_the_school_see_no_section(self, client, framework, school, partner, role):
        offer(partner)
        user = person(school, None, role)
        if role == Role.PARTNER:
            Contact.objects.create(partner=partner, name="Piet", email=user.email, user=user)
        client.force_login(user)
        assert SECTION not in client.get(page()).content.decode()


class VisitorTests:
    def test_a_visitor_sees_no_section_and_the_same_page_as_before(self, client, framework, school, partner):
        before = client.get(page()).content
        cache.clear()
        offer(partner)

        with CaptureQueriesContext(connection) as queries:
            response = client.get(page())

        assert response.status_code == 200
        assert response.content == before
        assert SECTION not in response.content.decode()
        assert not any("workfield_" in q["sql"] for q in queries.captured_queries)

    def test_a_teachers_page_never_reaches_the_visitors_cache(
        self, client, framework, school, team, partner, settings
    ):
        settings.PUBLIC_CACHE_SECONDS = 300
        offer(partner)
        client.force_login(person(school, team, Role.TEACHER))
        assert SECTION in client.get(page()).content.decode()
        client.logout()
        client.cookies.clear()

        first = client.get(page()).content
        with CaptureQueriesContext(connection) as queries:
            second = client.get(page()).content  # from the cache

        assert SECTION not in first.decode()
        assert second == first
        assert len(queries) == 0
