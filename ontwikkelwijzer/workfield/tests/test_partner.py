"""A partner account: posts, changes and withdraws offers, answers teachers' requests, and reaches nothing
else: not another partner's offers or requests, and never a teacher's plan, scans or team."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services as plan_services
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.workfield import services
from ontwikkelwijzer.workfield.models import Contact, Offer, OfferRequest, Partner
from ontwikkelwijzer.workfield.services import OfferData
from tests.support import add, person, scan

pytestmark = pytest.mark.django_db
TODAY = date.today()
HOME = reverse("workfield:partner_home")
CREATE = reverse("workfield:offer_create")


def nl(msgid: str) -> str:
    """The message as a Dutch page shows it (the English msgid until it is translated)."""
    with translation.override("nl"):
        return gettext(msgid)


def account_for(partner: Partner, name: str = "Petra"):
    """A contact of the partner with an account (the partner role at the partner's school)."""
    user = person(partner.organisation, None, Role.PARTNER, name=name)
    Contact.objects.create(partner=partner, name=name, email=user.email, user=user)
    return user


@pytest.fixture
def petra(partner):
    return account_for(partner)


@pytest.fixture
def teacher(school, team):
    return person(school, team, Role.TEACHER, name="Tessa")


def make_offer(partner, *, places=2, title="Twee weken meelopen op de afdeling", **changes) -> Offer:
    data = {
        "kind": "docentstage",
        "title": title,
        "description": "Je loopt mee met verpleegkundigen.",
        "start_date": TODAY + timedelta(days=7),
        "end_date": TODAY + timedelta(days=21),
        "places": places,
    } | changes
    return services.offer_save(partner=partner, data=OfferData(**data))


def ask(offer, teacher, message="Ik geef les in de zorg en wil de praktijk zien.", **fields) -> OfferRequest:
    return OfferRequest.objects.create(offer=offer, teacher=teacher, message=message, **fields)


def offer_data(**changes) -> dict:
    data = {
        "kind": "werkbezoek",
        "title": "Een dag op de werkvloer",
        "description": "Rondleiding en gesprek met de praktijkopleider.",
        "start_date": (TODAY + timedelta(days=10)).isoformat(),
        "end_date": (TODAY + timedelta(days=10)).isoformat(),
        "places": "3",
    }
    return data | changes


def edit_url(offer) -> str:
    return reverse("workfield:offer_edit", args=[offer.pk])


def withdraw_url(offer) -> str:
    return reverse("workfield:offer_withdraw", args=[offer.pk])


def answer_url(offer_request) -> str:
    return reverse("workfield:request_answer", args=[offer_request.pk])


class HomeTests:
    def test_offers_with_places_and_status(self, client, partner, petra):
        open_offer = make_offer(partner, title="Open aanbod")
        full = make_offer(partner, title="Vol aanbod", places=1)
        ask(full, person(), status=OfferRequest.Status.ACCEPTED)
        expired = make_offer(partner, title="Verlopen aanbod")
        Offer.objects.filter(pk=expired.pk).update(
            start_date=TODAY - timedelta(days=9), end_date=TODAY - timedelta(days=1)
        )
        withdrawn = make_offer(partner, title="Ingetrokken aanbod")
        services.offer_withdraw(offer=withdrawn)
        client.force_login(petra)

        response = client.get(HOME)

        assert response.status_code == 200
        [section] = response.context["sections"]
        assert section["partner"] == partner
        assert {o.pk: (o.taken, o.places, o.status) for o in section["offers"]} == {
            open_offer.pk: (0, 2, "open"),
            full.pk: (1, 1, "full"),
            expired.pk: (0, 2, "expired"),
            withdrawn.pk: (0, 2, "withdrawn"),
        }
        html = response.content.decode()
        assert html.count("<h1") == 1 and html.count("<caption") == 3
        assert edit_url(open_offer) in html and edit_url(withdrawn) not in html

    def test_requests_and_the_activities_taken_part_in(self, client, partner, petra, teacher, framework):
        offer = make_offer(partner)
        pending = ask(offer, teacher, message="Ik wil graag meelopen.")
        accepted = ask(make_offer(partner, title="Gastles"), person(name="Anouk"), status="accepted")
        # what the teacher keeps to themselves: a plan item and a self-scan
        plan = plan_services.plan_get_or_create(user=teacher, school_year=schoolyear.school_year_for(TODAY))
        add(plan, framework, "docentstage", goal="Geheim persoonlijk doel")
        scan(teacher, framework, 2)
        client.force_login(petra)

        response = client.get(HOME)

        [section] = response.context["sections"]
        assert section["waiting"] == [pending] and section["answered"] == [accepted]
        assert section["activities"] == [accepted]
        html = response.content.decode()
        # waiting for an answer comes first; what they take part in names teacher, offer and period
        assert html.index("Ik wil graag meelopen.") < html.index(f'id="partner-{partner.pk}-offers"')
        activities = html.split(nl("What you take part in"), 1)[1]
        assert "Anouk" in activities and "Gastles" in activities
        assert accepted.offer.start_date.strftime("%Y") in activities
        assert "Tessa" in html and "Ik wil graag meelopen." in html and "Anouk" in html
        assert answer_url(pending) in html
        assert "Geheim persoonlijk doel" not in html
        assert reverse("plans:current") not in html.split('<main id="main"', 1)[1]  # no link into plans

    def test_with_two_partners_each_gets_a_section(self, client, school, partner, petra):
        second = Partner.objects.create(organisation=school, name="Bouwbedrijf Oost")
        Contact.objects.create(partner=second, name="Petra", email="petra@bouw.example", user=petra)
        client.force_login(petra)

        response = client.get(HOME)

        assert [s["partner"] for s in response.context["sections"]] == [second, partner]
        html = response.content.decode()
        assert f"{CREATE}?partner={partner.pk}" in html and f"{CREATE}?partner={second.pk}" in html


class OfferTests:
    def test_a_partner_posts_an_offer(self, client, partner, petra):
        client.force_login(petra)

        response = client.post(CREATE, offer_data())

        assert response.status_code == 302 and response.url == HOME
        offer = Offer.objects.get(partner=partner)
        assert (offer.kind, offer.title, offer.places, offer.activity_code) == (
            "werkbezoek",
            "Een dag op de werkvloer",
            3,
            "werkbezoeken",
        )
        assert offer.start_date == offer.end_date == TODAY + timedelta(days=10) and not offer.withdrawn
        page = client.get(HOME)
        assert [str(m) for m in page.context["messages"]]
        assert "Een dag op de werkvloer" in page.content.decode()

    def test_the_form_page_has_one_labelled_form(self, client, petra):
        client.force_login(petra)

        html = client.get(CREATE).content.decode()

        assert html.count("<h1") == 1
        for name in ("kind", "title", "description", "start_date", "end_date", "places"):
            assert f'for="id_{name}"' in html

    @pytest.mark.parametrize(
        "changes, field, expected",
        [
            (
                {"end_date": (TODAY + timedelta(days=5)).isoformat()},
                "end_date",
                "De einddatum mag niet voor de startdatum liggen.",
            ),
            (
                {
                    "start_date": (TODAY - timedelta(days=10)).isoformat(),
                    "end_date": (TODAY - timedelta(days=1)).isoformat(),
                },
                "end_date",
                nl("The end date has already passed."),
            ),
            ({"places": "0"}, "places", "min_value"),
            ({"places": "501"}, "places", "max_value"),
            ({"title": ""}, "title", "required"),
            ({"start_date": "morgen"}, "start_date", "invalid"),
        ],
    )
    def test_bad_input_is_refused_next_to_the_field_and_nothing_is_stored(
        self, client, partner, petra, changes, field, expected
    ):
        client.force_login(petra)

        response = client.post(CREATE, offer_data(**changes))

        assert response.status_code == 400 and not Offer.objects.exists()
        errors = response.context["form"].errors.as_data()[field]
        assert expected in [e.code for e in errors] + [m for e in errors for m in e.messages]
        html = response.content.decode()
        assert 'aria-invalid="true"' in html and f'id="id_{field}_error"' in html
        assert "Rondleiding en gesprek met de praktijkopleider." in html  # what was typed stays

    def test_the_dutch_message_for_a_missing_title(self, client, petra):
        client.force_login(petra)

        response = client.post(CREATE, offer_data(title=""))

        assert "Dit veld is verplicht." in response.content.decode()
        assert "Verbeter het volgende" in response.content.decode()

    def test_with_two_partners_the_partner_is_named(self, client, school, partner, petra):
        second = Partner.objects.create(organisation=school, name="Bouwbedrijf Oost")
        Contact.objects.create(partner=second, name="Petra", email="petra@bouw.example", user=petra)
        stranger = Partner.objects.create(organisation=school, name="Niet van Petra")
        client.force_login(petra)

        assert client.get(CREATE).status_code == 404
        assert client.post(CREATE, offer_data()).status_code == 404
        assert client.post(f"{CREATE}?partner={stranger.pk}", offer_data()).status_code == 404
        assert not Offer.objects.exists()

        assert client.post(f"{CREATE}?partner={second.pk}", offer_data()).status_code == 302
        assert client.post(CREATE, offer_data(partner=str(partner.pk), title="Tweede")).status_code == 302
        assert {(o.partner, o.title) for o in Offer.objects.all()} == {
            (second, "Een dag op de werkvloer"),
            (partner, "Tweede"),
        }

    def test_an_offer_is_changed(self, client, partner, petra):
        offer = make_offer(partner)
        client.force_login(petra)

        page = client.get(edit_url(offer))
        assert page.status_code == 200
        assert page.context["form"].initial["title"] == "Twee weken meelopen op de afdeling"
        assert "Twee weken meelopen op de afdeling" in page.content.decode()

        response = client.post(edit_url(offer), offer_data(kind="gastles", title="Gastles wondzorg"))

        assert response.status_code == 302 and response.url == HOME
        offer.refresh_from_db()
        assert (offer.title, offer.kind, offer.places, offer.activity_code) == (
            "Gastles wondzorg",
            "gastles",
            3,
            "co-teaching",
        )

    def test_an_expired_offer_keeps_its_end_date_when_changed(self, client, partner, petra):
        offer = make_offer(partner)
        ended = TODAY - timedelta(days=1)
        Offer.objects.filter(pk=offer.pk).update(start_date=ended - timedelta(days=3), end_date=ended)
        client.force_login(petra)

        response = client.post(
            edit_url(offer),
            offer_data(
                start_date=(ended - timedelta(days=3)).isoformat(), end_date=ended.isoformat(), title="Oud"
            ),
        )

        assert response.status_code == 302
        offer.refresh_from_db()
        assert offer.title == "Oud"

    def test_places_cannot_go_below_the_places_taken(self, client, partner, petra):
        offer = make_offer(partner, places=3)
        ask(offer, person(), status="accepted")
        ask(offer, person(), status="accepted")
        client.force_login(petra)

        response = client.post(edit_url(offer), offer_data(places="1"))

        assert response.status_code == 400 and "places" in response.context["form"].errors
        assert 'aria-invalid="true"' in response.content.decode()
        offer.refresh_from_db()
        assert offer.places == 3 and offer.title == "Twee weken meelopen op de afdeling"

    def test_bad_input_on_change_stores_nothing(self, client, partner, petra):
        offer = make_offer(partner)
        client.force_login(petra)

        response = client.post(edit_url(offer), offer_data(places="0", title="Nieuw"))

        assert response.status_code == 400
        offer.refresh_from_db()
        assert (offer.places, offer.title) == (2, "Twee weken meelopen op de afdeling")

    def test_the_change_page_links_to_withdrawing(self, client, partner, petra):
        offer = make_offer(partner)
        client.force_login(petra)

        html = client.get(edit_url(offer)).content.decode()

        assert f'href="{withdraw_url(offer)}"' in html
        assert f'action="{withdraw_url(offer)}"' not in html  # no one-click withdrawal


class WithdrawTests:
    """Withdrawing asks first (``core.confirm``): what happens to the offer and its requests."""

    def test_the_question_names_the_offer_and_what_happens_to_the_requests(
        self, client, partner, petra, teacher
    ):
        offer = make_offer(partner, places=5)
        waiting = [ask(offer, teacher), ask(offer, person())]
        ask(offer, person(), status="accepted")
        ask(offer, person(), status="declined")
        client.force_login(petra)

        response = client.get(withdraw_url(offer))

        assert response.status_code == 200
        assert "partials/confirm_page.html" in [t.name for t in response.templates]
        html = response.content.decode()
        said = response.context["confirmation"].consequences
        assert "Twee weken meelopen op de afdeling" in response.context["confirmation"].title
        assert "Twee weken meelopen op de afdeling" in html
        with translation.override("nl"):
            declined = ngettext(
                "The request still waiting for your answer is declined, with the answer "
                "“The offer was withdrawn.”",
                "The %(count)s requests still waiting for your answer are declined, with the answer "
                "“The offer was withdrawn.”",
                2,
            ) % {"count": 2}
            mailed = ngettext(
                "The teacher is told by e-mail, and sees it in their list of requests.",
                "The teachers are told by e-mail, and see it in their list of requests.",
                2,
            )
            kept = ngettext(
                "The teacher you accepted keeps their place.",
                "The %(count)s teachers you accepted keep their place.",
                1,
            ) % {"count": 1}
        assert declined in said and mailed in said and kept in said
        assert "2" in declined
        assert nl("This can't be undone.") in html and 'name="confirm" value="yes"' in html
        assert f'href="{edit_url(offer)}"' in html  # cancel: back to the offer
        offer.refresh_from_db()
        assert not offer.withdrawn
        assert [r.status for r in OfferRequest.objects.filter(pk__in=[w.pk for w in waiting])] == [
            OfferRequest.Status.PENDING
        ] * 2

    def test_without_waiting_requests_it_says_none_is_declined(self, client, partner, petra):
        offer = make_offer(partner)
        client.force_login(petra)

        said = client.get(withdraw_url(offer)).context["confirmation"].consequences

        assert nl("No request is waiting for your answer, so none is declined.") in said
        assert len(said) == 2  # and nothing about accepted teachers, as there are none

    @pytest.mark.parametrize("data", [{}, {"confirm": "no"}, {"confirm": "on"}])
    def test_a_post_without_the_confirmation_changes_nothing_and_asks(self, client, partner, petra, data):
        offer = make_offer(partner)
        pending = ask(offer, person())
        client.force_login(petra)

        response = client.post(withdraw_url(offer), data)

        assert response.status_code == 200
        assert "partials/confirm_page.html" in [t.name for t in response.templates]
        offer.refresh_from_db()
        pending.refresh_from_db()
        assert not offer.withdrawn and pending.status == OfferRequest.Status.PENDING

    def test_the_confirmed_post_withdraws_and_declines_the_waiting_requests(self, client, partner, petra):
        offer = make_offer(partner)
        pending = ask(offer, person())
        accepted = ask(offer, person(), status="accepted")
        client.force_login(petra)

        response = client.post(withdraw_url(offer), {"confirm": "yes"})

        assert response.status_code == 302 and response.url == HOME
        offer.refresh_from_db()
        pending.refresh_from_db()
        accepted.refresh_from_db()
        assert offer.withdrawn
        assert pending.status == OfferRequest.Status.DECLINED and pending.answered_at is not None
        assert accepted.status == OfferRequest.Status.ACCEPTED
        # a withdrawn offer can no longer be changed, nor withdrawn again
        assert client.post(edit_url(offer), offer_data(title="Toch weer")).status_code == 302
        offer.refresh_from_db()
        assert offer.title == "Twee weken meelopen op de afdeling"
        again = client.get(withdraw_url(offer))
        assert again.status_code == 302 and again.url == HOME

    def test_another_partners_offer_is_a_404_and_stays(self, client, school, partner, petra):
        other = Partner.objects.create(organisation=school, name="Bouwbedrijf Oost")
        offer = make_offer(other)
        client.force_login(petra)

        assert client.get(withdraw_url(offer)).status_code == 404
        assert client.post(withdraw_url(offer), {"confirm": "yes"}).status_code == 404
        offer.refresh_from_db()
        assert not offer.withdrawn


class AnswerTests:
    def test_the_request_is_shown_with_a_form(self, client, partner, petra, teacher):
        offer_request = ask(make_offer(partner), teacher, message="Ik geef les in de zorg.")
        client.force_login(petra)

        response = client.get(answer_url(offer_request))

        assert response.status_code == 200 and response.context["show_form"]
        html = response.content.decode()
        assert "Tessa" in html and "Ik geef les in de zorg." in html
        assert "Twee weken meelopen op de afdeling" in html
        assert html.count("<h1") == 1 and 'name="decision"' in html and "<fieldset" in html

    def test_accept(self, client, partner, petra, teacher):
        offer_request = ask(make_offer(partner), teacher)
        client.force_login(petra)

        response = client.post(answer_url(offer_request), {"decision": "accept", "answer": "Welkom maandag."})

        assert response.status_code == 302 and response.url == HOME
        offer_request.refresh_from_db()
        assert offer_request.status == OfferRequest.Status.ACCEPTED
        assert offer_request.answer == "Welkom maandag." and offer_request.answered_at is not None
        home = client.get(HOME)
        assert home.context["sections"][0]["activities"] == [offer_request]

    def test_decline(self, client, partner, petra, teacher):
        offer_request = ask(make_offer(partner), teacher)
        client.force_login(petra)

        response = client.post(answer_url(offer_request), {"decision": "decline", "answer": "Helaas vol."})

        assert response.status_code == 302
        offer_request.refresh_from_db()
        assert (offer_request.status, offer_request.answer) == (OfferRequest.Status.DECLINED, "Helaas vol.")

    def test_a_decision_is_required(self, client, partner, petra, teacher):
        offer_request = ask(make_offer(partner), teacher)
        client.force_login(petra)

        response = client.post(answer_url(offer_request), {"answer": "Hm."})

        assert response.status_code == 400
        assert response.context["form"].errors.as_data()["decision"][0].code == "required"
        offer_request.refresh_from_db()
        assert offer_request.status == OfferRequest.Status.PENDING

    def test_accepting_when_full_is_refused(self, client, partner, petra, teacher):
        offer = make_offer(partner, places=1)
        ask(offer, person(), status="accepted")
        offer_request = ask(offer, teacher)
        client.force_login(petra)

        response = client.post(answer_url(offer_request), {"decision": "accept", "answer": ""})

        assert response.status_code == 400
        with translation.override("nl"):
            expected = gettext("This offer is full: all %(places)s places have been given.") % {"places": 1}
        assert response.context["form"].non_field_errors() == [expected]
        assert expected in response.content.decode()
        offer_request.refresh_from_db()
        assert offer_request.status == OfferRequest.Status.PENDING and offer_request.answered_at is None
        assert services.places_taken(offer) == 1

    def test_answering_twice_is_refused(self, client, partner, petra, teacher):
        offer_request = ask(make_offer(partner), teacher)
        client.force_login(petra)
        client.post(answer_url(offer_request), {"decision": "decline", "answer": "Nee."})

        page = client.get(answer_url(offer_request))
        assert page.status_code == 200 and not page.context["show_form"]
        response = client.post(answer_url(offer_request), {"decision": "accept", "answer": "Toch wel."})

        assert response.status_code == 400
        assert response.context["form"].non_field_errors() == [
            nl("This request has already been answered or cancelled.")
        ]
        offer_request.refresh_from_db()
        assert (offer_request.status, offer_request.answer) == (OfferRequest.Status.DECLINED, "Nee.")


class AccessTests:
    def test_a_partner_never_reaches_another_partners_offer_or_request(
        self, client, school, partner, teacher
    ):
        offer = make_offer(partner)
        offer_request = ask(offer, teacher)
        other = Partner.objects.create(organisation=school, name="Bouwbedrijf Oost")
        client.force_login(account_for(other, name="Bram"))

        assert client.get(edit_url(offer)).status_code == 404
        assert client.post(edit_url(offer), offer_data(title="Overgenomen")).status_code == 404
        assert client.post(withdraw_url(offer), {"confirm": "yes"}).status_code == 404
        assert client.get(answer_url(offer_request)).status_code == 404
        assert client.post(answer_url(offer_request), {"decision": "accept"}).status_code == 404
        assert client.post(f"{CREATE}?partner={partner.pk}", offer_data()).status_code == 302  # their own
        offer.refresh_from_db()
        offer_request.refresh_from_db()
        assert (offer.title, offer.withdrawn) == ("Twee weken meelopen op de afdeling", False)
        assert offer_request.status == OfferRequest.Status.PENDING
        assert Offer.objects.filter(partner=other).count() == 1 and partner.offers.count() == 1
        home = client.get(HOME).content.decode()
        assert "Twee weken meelopen op de afdeling" not in home and "Tessa" not in home

    def test_a_partner_never_reaches_a_teachers_plan_scans_or_team(
        self, client, school, team, partner, petra, teacher, framework
    ):
        ask(make_offer(partner), teacher, status="accepted")
        year = schoolyear.school_year_for(TODAY)
        plan = plan_services.plan_get_or_create(user=teacher, school_year=year)
        item = add(plan, framework, "docentstage")
        teacher_scan = scan(teacher, framework, 3)
        client.force_login(petra)

        for method, address in (
            ("get", reverse("plans:item", args=[item.pk])),
            ("get", reverse("plans:item_edit", args=[item.pk])),
            ("post", reverse("plans:item_edit", args=[item.pk])),
            ("post", reverse("plans:log_add", args=[item.pk])),
            ("post", reverse("plans:reflect", args=[item.pk])),
            ("get", reverse("scan:detail", args=[teacher_scan.pk])),
            ("get", reverse("overviews:team", args=[team.pk])),
            ("get", reverse("plans:team_plan", args=[team.pk])),
            ("get", reverse("teams:members", args=[team.pk])),
            ("get", reverse("plans:member_plan", args=[team.pk, teacher.pk, year])),
        ):
            assert getattr(client, method)(address).status_code == 404, address

    @pytest.mark.parametrize("role", [Role.TEACHER, Role.TEAM_LEADER, Role.HR, Role.ADMIN])
    def test_people_who_are_no_partner_contact_get_a_404(self, client, school, team, partner, role):
        offer = make_offer(partner)
        offer_request = ask(offer, person(school, team, Role.TEACHER))
        in_team = role in (Role.TEACHER, Role.TEAM_LEADER)
        client.force_login(person(school, team if in_team else None, role))

        assert client.get(HOME).status_code == 404
        assert client.get(CREATE).status_code == 404
        assert client.post(CREATE, offer_data()).status_code == 404
        assert client.get(edit_url(offer)).status_code == 404
        assert client.post(withdraw_url(offer), {"confirm": "yes"}).status_code == 404
        assert client.get(answer_url(offer_request)).status_code == 404
        assert client.post(answer_url(offer_request), {"decision": "accept"}).status_code == 404
        offer.refresh_from_db()
        offer_request.refresh_from_db()
        assert Offer.objects.count() == 1 and not offer.withdrawn
        assert offer_request.status == OfferRequest.Status.PENDING

    def test_the_partner_role_without_a_contact_gets_a_404(self, client, school):
        client.force_login(person(school, None, Role.PARTNER))

        assert client.get(HOME).status_code == 404

    def test_anonymous_visitors_are_sent_to_log_in(self, client, partner):
        offer = make_offer(partner)
        for address in (HOME, CREATE, edit_url(offer), answer_url(ask(offer, person()))):
            response = client.get(address)
            assert response.status_code == 302 and reverse("accounts:login") in response.url
        assert client.post(withdraw_url(offer), {"confirm": "yes"}).status_code == 302
        offer.refresh_from_db()
        assert not offer.withdrawn
