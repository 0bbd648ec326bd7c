"""HR and administrators manage the school's partners: change a partner's details and its contacts,
deactivate a contact (the account loses the partner role at once) and end a partnership (offers withdrawn,
waiting requests declined, teachers told by mail, contacts out). What takes something away asks first; a
GET changes nothing. Every change is in the school's audit. Nobody else reaches these pages."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from ontwikkelwijzer.teams import invitations
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Invitation, Membership, Organisation, SchoolEvent
from ontwikkelwijzer.workfield import services
from ontwikkelwijzer.workfield.models import Contact, Offer, OfferRequest, Partner
from ontwikkelwijzer.workfield.services import OfferData
from tests.support import person

pytestmark = pytest.mark.django_db
TODAY = date.today()
HOME = reverse("workfield:partner_home")


def nl(msgid: str) -> str:
    with translation.override("nl"):
        return gettext(msgid)


@pytest.fixture
def hr(school):
    return person(school, None, Role.HR, name="Hanna")


def account_for(partner: Partner, name: str = "Petra"):
    """A contact of the partner with an account (the partner role at the partner's school)."""
    user = person(partner.organisation, None, Role.PARTNER, name=name)
    Contact.objects.create(partner=partner, name=name, email=user.email, user=user)
    return user


@pytest.fixture
def petra(partner):
    return account_for(partner)


def make_offer(partner, *, title="Meelopen", start=None, end=None, places=3) -> Offer:
    start = start or TODAY + timedelta(days=7)
    data = OfferData(
        kind="docentstage",
        title=title,
        description="Twee weken mee.",
        start_date=start,
        end_date=end or start + timedelta(days=14),
        places=places,
    )
    return services.offer_save(partner=partner, data=data)


def ask(offer, teacher, status=OfferRequest.Status.PENDING) -> OfferRequest:
    return OfferRequest.objects.create(offer=offer, teacher=teacher, message="Graag", status=status)


def url(name: str, *args) -> str:
    return reverse(f"workfield:{name}", args=args)


def contact_of(user) -> Contact:
    return Contact.objects.get(email=user.email)


def is_partner(user, school) -> bool:
    return Membership.objects.filter(user=user, organisation=school, role=Role.PARTNER).exists()


def partner_data(**changes) -> dict:
    return {
        "name": "Zorggroep Rivierenland",
        "kind": "institution",
        "sector": "Ouderenzorg",
        "city": "Culemborg",
        "website": "https://zorggroep.example",
    } | changes


def contact_data(**changes) -> dict:
    return {
        "name": "Petra de Vries",
        "email": "petra@zorg.example",
        "phone": "06-1",
        "position": "Opleider",
    } | (changes)


class PartnerEditTests:
    @pytest.mark.parametrize("role", [Role.HR, Role.ADMIN])
    def test_hr_and_administrators_change_the_details_and_it_is_in_the_audit(
        self, client, school, partner, role
    ):
        manager = person(school, None, role)
        client.force_login(manager)
        page = client.get(url("partner_edit", school.pk, partner.pk))
        assert page.status_code == 200 and 'value="Zorggroep Rivierenland"' in page.content.decode()

        response = client.post(url("partner_edit", school.pk, partner.pk), partner_data())

        assert response.status_code == 302 and response.url == url("partner", school.pk, partner.pk)
        partner.refresh_from_db()
        assert (partner.kind, partner.sector, partner.city, partner.website) == (
            "institution",
            "Ouderenzorg",
            "Culemborg",
            "https://zorggroep.example",
        )
        [event] = SchoolEvent.objects.filter(organisation=school)
        assert (event.action, event.actor, event.subject) == ("partner_changed", manager, partner.name)
        assert nl("place") in event.detail and nl("name") not in event.detail.split(", ")

    def test_nothing_changed_writes_nothing_down(self, client, school, hr, partner):
        client.force_login(hr)

        client.post(
            url("partner_edit", school.pk, partner.pk),
            partner_data(kind="company", sector="", city="Tiel", website=""),
        )

        assert not SchoolEvent.objects.exists()

    @pytest.mark.parametrize(
        ("changes", "field", "label"),
        [
            ({"name": ""}, "name", "name"),
            ({"name": "bouwbedrijf oost"}, "name", "name"),
            ({"website": "geen adres"}, "website", "website"),
            ({"kind": "vereniging"}, "kind", "kind"),
        ],
    )
    def test_bad_input_is_a_400_that_names_the_field_in_dutch_and_keeps_what_was_typed(
        self, client, school, hr, partner, changes, field, label
    ):
        Partner.objects.create(organisation=school, name="Bouwbedrijf Oost")
        client.force_login(hr)

        response = client.post(
            url("partner_edit", school.pk, partner.pk), partner_data(city="Geldermalsen", **changes)
        )

        assert response.status_code == 400
        assert field in response.context["form"].errors
        html = response.content.decode()
        assert f"{nl(label).capitalize()}:" in html  # the error summary names the field in Dutch
        assert 'aria-invalid="true"' in html and "Geldermalsen" in html
        partner.refresh_from_db()
        assert (partner.name, partner.city) == ("Zorggroep Rivierenland", "Tiel")
        assert not SchoolEvent.objects.exists()

    def test_the_page_keeps_the_stored_name_as_its_heading_after_a_mistake(self, client, school, hr, partner):
        client.force_login(hr)

        response = client.post(
            url("partner_edit", school.pk, partner.pk), partner_data(name="Nieuw", website="x")
        )

        assert response.status_code == 400 and response.context["name"] == "Zorggroep Rivierenland"


class ContactEditTests:
    def test_hr_changes_a_contacts_details_and_it_is_in_the_audit(self, client, school, hr, partner):
        contact = Contact.objects.create(partner=partner, name="Jan", email="jan@zorg.example")
        client.force_login(hr)

        response = client.post(
            url("contact_edit", school.pk, contact.pk), contact_data(email="jan2@zorg.example")
        )

        assert response.status_code == 302 and response.url == url("partner", school.pk, partner.pk)
        contact.refresh_from_db()
        assert (contact.name, contact.email, contact.phone, contact.position) == (
            "Petra de Vries",
            "jan2@zorg.example",
            "06-1",
            "Opleider",
        )
        [event] = SchoolEvent.objects.all()
        assert (event.action, event.subject) == ("partner_changed", partner.name)
        assert "Petra de Vries" in event.detail

    def test_the_address_of_a_contact_with_an_account_stays(self, client, school, hr, partner, petra):
        contact = contact_of(petra)
        client.force_login(hr)

        response = client.post(
            url("contact_edit", school.pk, contact.pk),
            contact_data(name="Petra Nieuw", email="ander@zorg.example"),
        )

        assert response.status_code == 400
        assert response.context["form"].errors["email"] == [
            nl(
                "This contact has an account or an invitation at this address, so it cannot be changed "
                "here. Deactivate the contact and add the new address as a contact."
            )
        ]
        html = response.content.decode()
        assert "Petra Nieuw" in html and "ander@zorg.example" in html and f"{nl('E-mail address')}:" in html
        contact.refresh_from_db()
        assert (contact.name, contact.email) == ("Petra", petra.email)

    def test_the_rest_of_a_contact_with_an_account_can_change(self, client, school, hr, partner, petra):
        contact = contact_of(petra)
        client.force_login(hr)

        response = client.post(
            url("contact_edit", school.pk, contact.pk), contact_data(email=petra.email.upper(), phone="010")
        )

        assert response.status_code == 302
        contact.refresh_from_db()
        assert contact.phone == "010" and contact.user == petra

    def test_an_address_another_contact_has_is_refused(self, client, school, hr, partner):
        Contact.objects.create(partner=partner, name="Jan", email="jan@zorg.example")
        contact = Contact.objects.create(partner=partner, name="Kees", email="kees@zorg.example")
        client.force_login(hr)

        response = client.post(
            url("contact_edit", school.pk, contact.pk), contact_data(email="JAN@zorg.example")
        )

        assert response.status_code == 400
        assert response.context["form"].errors["email"] == [
            nl("This partner already has a contact with this e-mail address.")
        ]
        contact.refresh_from_db()
        assert contact.email == "kees@zorg.example"


class DeactivateTests:
    def test_the_question_says_what_happens_and_a_get_changes_nothing(
        self, client, school, hr, partner, petra
    ):
        contact = contact_of(petra)
        client.force_login(hr)

        response = client.get(url("contact_deactivate", school.pk, contact.pk))

        assert response.status_code == 200
        assert "partials/confirm_page.html" in [t.name for t in response.templates]
        confirmation = response.context["confirmation"]
        params = {"name": "Petra", "partner": partner.name, "school": school.name}
        with translation.override("nl"):
            assert (
                gettext("%(name)s can no longer sign in for %(partner)s: post offers or answer requests.")
                % params
                in confirmation.consequences
            )
            assert gettext("Their role as work-field partner of %(school)s ends now.") % params in (
                confirmation.consequences
            )
        assert confirmation.cancel_url == url("partner", school.pk, partner.pk)
        contact.refresh_from_db()
        assert contact.active and contact.user == petra and is_partner(petra, school)

    @pytest.mark.parametrize("data", [{}, {"confirm": "no"}])
    def test_a_post_without_the_confirmation_changes_nothing(self, client, school, hr, partner, petra, data):
        client.force_login(hr)

        response = client.post(url("contact_deactivate", school.pk, contact_of(petra).pk), data)

        assert response.status_code == 200 and "confirmation" in response.context
        assert contact_of(petra).active and is_partner(petra, school)

    def test_the_confirmed_post_takes_the_partner_role_away_at_once(self, client, school, hr, partner, petra):
        offer = make_offer(partner)
        waiting = ask(offer, person(school, None, Role.TEACHER))
        contact = contact_of(petra)
        client.force_login(hr)

        response = client.post(url("contact_deactivate", school.pk, contact.pk), {"confirm": "yes"})

        assert response.status_code == 302 and response.url == url("partner", school.pk, partner.pk)
        contact.refresh_from_db()
        assert not contact.active and contact.user is None
        assert not is_partner(petra, school)
        [event] = SchoolEvent.objects.all()
        assert (event.action, event.actor, event.subject, event.detail) == (
            "contact_deactivated",
            hr,
            "Petra",
            partner.name,
        )
        page = client.get(url("partner", school.pk, partner.pk)).content.decode()
        assert nl("Deactivated contacts") in page
        # the account reaches none of the partner's pages any more
        client.force_login(petra)
        home = client.get(HOME)
        assert home.status_code == 404 and "workfield/partner_none.html" in [t.name for t in home.templates]
        assert "team" not in home.content.decode().split('<main id="main"', 1)[1].lower()
        for address in (
            url("offer_edit", offer.pk),
            url("offer_withdraw", offer.pk),
            url("request_answer", waiting.pk),
        ):
            assert client.get(address).status_code == 404
        assert client.post(url("offer_withdraw", offer.pk), {"confirm": "yes"}).status_code == 404
        assert client.post(url("request_answer", waiting.pk), {"decision": "accept"}).status_code == 404
        assert client.post(reverse("workfield:offer_create"), {"title": "x"}).status_code == 404
        offer.refresh_from_db(), waiting.refresh_from_db()
        assert not offer.withdrawn and waiting.status == OfferRequest.Status.PENDING

    def test_a_contact_of_another_partner_of_the_school_keeps_that_one(
        self, client, school, hr, partner, petra
    ):
        other = Partner.objects.create(organisation=school, name="Bouwbedrijf Oost")
        Contact.objects.create(partner=other, name="Petra", email="petra@bouw.example", user=petra)
        theirs, ours = make_offer(other, title="Bouw"), make_offer(partner, title="Zorg")
        client.force_login(hr)
        said = client.get(url("contact_deactivate", school.pk, contact_of(petra).pk)).context["confirmation"]
        with translation.override("nl"):
            keeps = gettext(
                "They keep signing in for the other partners of %(school)s they are an active contact of."
            ) % {"school": school.name}
        assert keeps in said.consequences

        client.post(url("contact_deactivate", school.pk, contact_of(petra).pk), {"confirm": "yes"})

        assert is_partner(petra, school)
        client.force_login(petra)
        assert [s["partner"] for s in client.get(HOME).context["sections"]] == [other]
        assert client.get(url("offer_edit", theirs.pk)).status_code == 200
        assert client.get(url("offer_edit", ours.pk)).status_code == 404

    def test_a_waiting_invitation_is_revoked_and_inviting_again_brings_the_contact_back(
        self, client, school, hr, partner, mailoutbox
    ):
        client.force_login(hr)
        client.post(url("partner", school.pk, partner.pk), contact_data(account="on"))
        contact = Contact.objects.get(partner=partner)
        first = contact.invitation
        assert first is not None

        client.post(url("contact_deactivate", school.pk, contact.pk), {"confirm": "yes"})

        first.refresh_from_db()
        assert first.revoked_at is not None
        user = person(name="Petra")
        user.email = "petra@zorg.example"
        user.save()
        with pytest.raises(invitations.InvitationInvalid):
            invitations.invitation_accept(invitation=first, user=user)
        assert not is_partner(user, school)

        # inviting again: the same contact, active, with a new invitation that links it
        response = client.post(url("partner", school.pk, partner.pk), contact_data(account="on", phone="07"))

        assert response.status_code == 302
        [again] = Contact.objects.filter(partner=partner)
        assert again.pk == contact.pk and again.active and again.phone == "07"
        assert again.invitation not in (None, first)
        invitations.invitation_accept(invitation=again.invitation, user=user)
        again.refresh_from_db()
        assert again.user == user and is_partner(user, school)
        client.force_login(user)
        assert client.get(HOME).status_code == 200

    def test_deactivating_twice_says_so(self, client, school, hr, partner, petra):
        contact = contact_of(petra)
        client.force_login(hr)
        client.post(url("contact_deactivate", school.pk, contact.pk), {"confirm": "yes"})

        again = client.get(url("contact_deactivate", school.pk, contact.pk))

        assert again.status_code == 302 and SchoolEvent.objects.count() == 1


class EndTests:
    @pytest.fixture
    def busy(self, school, team, partner, petra):
        """A partner with a running offer (one waiting, one accepted), an offer still to come with an
        accepted teacher, an offer that ended (with an accepted teacher and a request nobody answered) and a
        withdrawn one."""
        teacher = lambda name: person(school, team, Role.TEACHER, name=name)  # noqa: E731
        running = make_offer(partner, title="Lopend", start=TODAY - timedelta(days=3))
        coming = make_offer(partner, title="Straks")
        over = make_offer(partner, title="Voorbij", start=TODAY - timedelta(days=30))
        Offer.objects.filter(pk=over.pk).update(end_date=TODAY - timedelta(days=1))
        withdrawn = make_offer(partner, title="Ingetrokken")
        services.offer_withdraw(offer=withdrawn)
        anna, bram, cas, dirk, eva = (teacher(n) for n in ("Anna", "Bram", "Cas", "Dirk", "Eva"))
        return {
            "offers": (running, coming, over, withdrawn),
            "waiting": [ask(running, anna), ask(over, eva)],
            "accepted": [
                ask(running, bram, "accepted"),
                ask(coming, cas, "accepted"),
                ask(coming, bram, "accepted"),
            ],
            "past": ask(over, dirk, "accepted"),
            "told": {bram.email, cas.email},
        }

    def test_the_question_says_exactly_what_will_happen_and_a_get_changes_nothing(
        self, client, school, hr, partner, petra, busy, mailoutbox
    ):
        client.force_login(hr)

        response = client.get(url("partner_end", school.pk, partner.pk))

        assert response.status_code == 200
        said = response.context["confirmation"].consequences
        with translation.override("nl"):
            offers = ngettext(
                "Its open offer is withdrawn.", "Its %(count)s open offers are withdrawn.", 2
            ) % {"count": 2}
            declined = ngettext(
                "The request still waiting for an answer is declined; the teacher is told by e-mail.",
                "The %(count)s requests still waiting for an answer are declined; the teachers are told by "
                "e-mail.",
                2,
            ) % {"count": 2}
            told = ngettext(
                "The teacher with an accepted place in an offer that has not ended is told by e-mail. "
                "The place stays in their requests and plan.",
                "The %(count)s teachers with an accepted place in an offer that has not ended are told by "
                "e-mail. The places stay in their requests and plans.",
                2,
            ) % {"count": 2}
            contacts = ngettext(
                "Its contact with an account or an invitation can no longer sign in for %(name)s.",
                "Its %(count)s contacts with an account or an invitation can no longer sign in for %(name)s.",
                1,
            ) % {"count": 1, "name": partner.name}
        assert offers in said and declined in said and told in said and contacts in said
        assert 'name="confirm" value="yes"' in response.content.decode()
        partner.refresh_from_db()
        assert partner.ended_at is None and mailoutbox == []
        assert not Offer.objects.filter(withdrawn=True).exclude(pk=busy["offers"][3].pk).exists()
        assert is_partner(petra, school) and not SchoolEvent.objects.exists()

    def test_a_post_without_the_confirmation_changes_nothing(
        self, client, school, hr, partner, busy, mailoutbox
    ):
        client.force_login(hr)

        response = client.post(url("partner_end", school.pk, partner.pk), {})

        assert response.status_code == 200
        partner.refresh_from_db()
        assert partner.ended_at is None and mailoutbox == []

    def test_ending_withdraws_declines_tells_the_teachers_and_shuts_the_contacts_out(
        self, client, school, hr, partner, petra, busy, mailoutbox
    ):
        running, coming, over, withdrawn = busy["offers"]
        client.force_login(hr)

        response = client.post(url("partner_end", school.pk, partner.pk), {"confirm": "yes"})

        assert response.status_code == 302 and response.url == url("partners", school.pk)
        partner.refresh_from_db()
        assert partner.ended_at is not None
        assert {o.title for o in Offer.objects.filter(withdrawn=True)} == {"Lopend", "Straks", "Ingetrokken"}
        for r in busy["waiting"]:
            r.refresh_from_db()
            assert r.status == OfferRequest.Status.DECLINED and r.answered_at is not None
        for r in [*busy["accepted"], busy["past"]]:
            r.refresh_from_db()
            assert r.status == OfferRequest.Status.ACCEPTED  # they keep their place
        # contacts out, at once
        contact = contact_of(petra)
        assert not contact.active and contact.user is None and not is_partner(petra, school)
        [event] = SchoolEvent.objects.all()
        assert (event.action, event.actor, event.subject) == ("partnership_ended", hr, partner.name)
        # the mails: each accepted teacher of an offer not ended (one mail per offer), each declined teacher
        with translation.override("nl"):
            ended = gettext("%(school)s no longer works with %(partner)s") % {
                "school": school.name,
                "partner": partner.name,
            }
            declined = gettext("Your request for “%(title)s” was declined")
        told = sorted(m.to[0] for m in mailoutbox if m.subject == ended)
        assert sorted(told) == sorted(
            [busy["accepted"][0].teacher.email, *[r.teacher.email for r in busy["accepted"][1:]]]
        )
        assert set(told) == busy["told"]
        refused = {m.to[0]: m.subject for m in mailoutbox if m.subject != ended}
        assert refused == {
            busy["waiting"][0].teacher.email: declined % {"title": "Lopend"},
            busy["waiting"][1].teacher.email: declined % {"title": "Voorbij"},
        }
        assert all(len(m.to) == 1 for m in mailoutbox)
        assert busy["past"].teacher.email not in {m.to[0] for m in mailoutbox}

        # the list shows it apart; its page is read-only
        listing = client.get(url("partners", school.pk))
        assert listing.context["partners"] == [] and listing.context["ended"] == [partner]
        assert nl("Ended partnerships") in listing.content.decode()
        page = client.get(url("partner", school.pk, partner.pk))
        assert (
            page.status_code == 200
            and url("partner_edit", school.pk, partner.pk) not in page.content.decode()
        )
        assert client.get(url("partner_edit", school.pk, partner.pk)).status_code == 404
        assert client.post(url("partner", school.pk, partner.pk), contact_data()).status_code == 404
        assert client.get(url("contact_edit", school.pk, contact.pk)).status_code == 404
        assert client.post(url("partner_end", school.pk, partner.pk), {"confirm": "yes"}).status_code == 404
        assert SchoolEvent.objects.count() == 1

    def test_teachers_no_longer_see_its_offers(self, client, school, team, hr, partner, framework):
        offer = make_offer(partner)
        teacher = person(school, team, Role.TEACHER)
        services.partnership_end(partner=partner, by=hr)

        client.force_login(teacher)

        assert client.get(url("offers")).context["rows"] == []
        page = client.get(reverse("framework:activity", args=[offer.activity_code])).content.decode()
        assert offer.title not in page
        # an earlier request still leads to the offer's page, which says it is withdrawn
        response = client.get(url("offer", offer.pk))
        assert response.status_code == 200 and response.context["problem"]

    def test_the_service_refuses_a_second_end(self, school, hr, partner):
        services.partnership_end(partner=partner, by=hr)

        with pytest.raises(services.Refused):
            services.partnership_end(partner=Partner.objects.get(pk=partner.pk), by=hr)


class WithdrawMailTests:
    def test_withdrawing_an_offer_mails_the_teachers_whose_requests_it_declines(
        self, client, school, team, partner, petra, mailoutbox
    ):
        offer = make_offer(partner, title="Meelopen")
        waiting = [ask(offer, person(school, team, Role.TEACHER)) for _n in range(2)]
        accepted = ask(offer, person(school, team, Role.TEACHER), "accepted")
        client.force_login(petra)

        client.post(url("offer_withdraw", offer.pk), {"confirm": "yes"})

        with translation.override("nl"):
            subject = gettext("Your request for “%(title)s” was declined") % {"title": "Meelopen"}
        assert sorted(m.to[0] for m in mailoutbox) == sorted(r.teacher.email for r in waiting)
        assert {m.subject for m in mailoutbox} == {subject}
        assert accepted.teacher.email not in {m.to[0] for m in mailoutbox}
        assert partner.name in mailoutbox[0].body


class AccessTests:
    @pytest.fixture
    def pages(self, school, partner, petra):
        contact = contact_of(petra)
        return [
            url("partner_edit", school.pk, partner.pk),
            url("partner_end", school.pk, partner.pk),
            url("contact_edit", school.pk, contact.pk),
            url("contact_deactivate", school.pk, contact.pk),
        ]

    @pytest.mark.parametrize("role", [Role.TEACHER, Role.TEAM_LEADER, Role.CURRICULUM, Role.PARTNER])
    def test_other_roles_of_the_school_get_a_404(self, client, school, team, partner, petra, pages, role):
        client.force_login(person(school, team if role in (Role.TEACHER, Role.TEAM_LEADER) else None, role))

        for address in pages:
            assert client.get(address).status_code == 404
            assert client.post(address, {"confirm": "yes", **partner_data(name="X")}).status_code == 404
        self.assert_unchanged(school, partner, petra)

    def test_the_partners_own_contact_gets_a_404(self, client, school, partner, petra, pages):
        client.force_login(petra)

        for address in pages:
            assert client.get(address).status_code == 404
            assert client.post(address, {"confirm": "yes"}).status_code == 404
        self.assert_unchanged(school, partner, petra)

    def test_a_manager_of_another_school_gets_a_404(self, client, school, partner, petra, pages):
        other = Organisation.objects.create(name="ROC West")
        client.force_login(person(other, None, Role.ADMIN))
        contact = contact_of(petra)
        theirs = [
            url("partner_edit", other.pk, partner.pk),
            url("partner_end", other.pk, partner.pk),
            url("contact_edit", other.pk, contact.pk),
            url("contact_deactivate", other.pk, contact.pk),
        ]

        for address in pages + theirs:
            assert client.get(address).status_code == 404
            assert client.post(address, {"confirm": "yes", **partner_data(name="X")}).status_code == 404
        self.assert_unchanged(school, partner, petra)

    def test_another_schools_partner_through_our_school_is_a_404(self, client, school, hr):
        other = Organisation.objects.create(name="ROC West")
        theirs = Partner.objects.create(organisation=other, name="Bouwbedrijf West")
        contact = Contact.objects.create(partner=theirs, name="Wim", email="wim@west.example")
        client.force_login(hr)

        for address in (
            url("partner_edit", school.pk, theirs.pk),
            url("partner_end", school.pk, theirs.pk),
            url("contact_edit", school.pk, contact.pk),
            url("contact_deactivate", school.pk, contact.pk),
        ):
            assert client.get(address).status_code == 404
            assert client.post(address, {"confirm": "yes", **contact_data()}).status_code == 404
        theirs.refresh_from_db(), contact.refresh_from_db()
        assert theirs.ended_at is None and contact.active and contact.name == "Wim"

    def test_anonymous_visitors_are_sent_to_log_in(self, client, pages):
        for address in pages:
            response = client.get(address)
            assert response.status_code == 302 and reverse("accounts:login") in response.url

    @staticmethod
    def assert_unchanged(school, partner, petra):
        partner.refresh_from_db()
        assert partner.name == "Zorggroep Rivierenland" and partner.ended_at is None
        assert contact_of(petra).active and is_partner(petra, school)
        assert (
            not SchoolEvent.objects.exists()
            and not Invitation.objects.filter(revoked_at__isnull=False).exists()
        )


class PartnerHomeTests:
    def test_without_offers_the_next_step_is_making_one(self, client, partner, petra):
        client.force_login(petra)

        html = client.get(HOME).content.decode()

        assert nl("Post your first offer") in html and reverse("workfield:offer_create") in html

    def test_no_partner_page_tells_to_ask_a_team_leader(self, client, school, partner, petra):
        make_offer(partner)
        client.force_login(petra)

        for address in (HOME, url("offers")):
            main = client.get(address).content.decode().split('<main id="main"', 1)[1]
            assert nl("team leader") not in main and "teamleider" not in main.lower()

    def test_a_contact_without_the_partner_role_reaches_nothing(self, client, school, partner, petra):
        """The role taken away elsewhere (by an administrator, or leaving the school): the contact alone is
        not enough."""
        offer = make_offer(partner)
        Membership.objects.filter(user=petra, role=Role.PARTNER).delete()
        client.force_login(petra)

        assert client.get(HOME).status_code == 404
        assert client.get(url("offer_edit", offer.pk)).status_code == 404
