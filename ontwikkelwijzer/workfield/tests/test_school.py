"""The school's side of the work field: HR and administrators add partners and contacts; a contact with an
account signs in for the partner; nobody else reaches these pages."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation
from ontwikkelwijzer.workfield import services
from ontwikkelwijzer.workfield.models import Contact, Offer, OfferRequest, Partner
from ontwikkelwijzer.workfield.services import OfferData
from tests.support import person

pytestmark = pytest.mark.django_db
TODAY = date.today()


def nl(msgid: str) -> str:
    """The message as a Dutch page shows it (the English msgid until it is translated)."""
    with translation.override("nl"):
        return gettext(msgid)


@pytest.fixture
def hr(school):
    return person(school, None, Role.HR)


def partners_url(school) -> str:
    return reverse("workfield:partners", args=[school.pk])


def partner_url(school, partner) -> str:
    return reverse("workfield:partner", args=[school.pk, partner.pk])


def partner_data(**changes) -> dict:
    data = {
        "name": "Techniek Twente",
        "kind": "company",
        "sector": "Metaal",
        "city": "Hengelo",
        "website": "https://techniek-twente.example",
    }
    return data | changes


def contact_data(**changes) -> dict:
    data = {
        "name": "Petra de Vries",
        "email": "petra@zorggroep.example",
        "phone": "0612345678",
        "position": "Praktijkopleider",
        "account": "on",
    }
    return data | changes


def offer(partner, *, start=TODAY, end=TODAY + timedelta(days=30), places=2, title="Meelopen") -> Offer:
    data = OfferData(
        kind="werkbezoek",
        title=title,
        description="Een dag mee.",
        start_date=start,
        end_date=end,
        places=places,
    )
    return services.offer_save(partner=partner, data=data)


class PartnerListTests:
    @pytest.mark.parametrize("role", [Role.HR, Role.ADMIN])
    def test_hr_and_administrators_add_a_partner(self, client, school, role):
        client.force_login(person(school, None, role))

        response = client.post(partners_url(school), partner_data())

        assert response.status_code == 302 and response.url == partners_url(school)
        added = Partner.objects.get(organisation=school)
        assert (added.name, added.kind, added.sector, added.city) == (
            "Techniek Twente",
            "company",
            "Metaal",
            "Hengelo",
        )
        page = client.get(partners_url(school))
        assert [str(m) for m in page.context["messages"]]  # the success message
        html = page.content.decode()
        assert "Techniek Twente" in html and partner_url(school, added) in html

    def test_a_duplicate_name_is_refused_next_to_the_field(self, client, school, hr, partner):
        client.force_login(hr)

        response = client.post(
            partners_url(school), partner_data(name="zorggroep rivierenland", sector="Ouderenzorg")
        )

        assert response.status_code == 400
        assert Partner.objects.filter(organisation=school).count() == 1
        form = response.context["form"]
        assert form.errors["name"] == [nl("Your school already has a partner with this name.")]
        html = response.content.decode()
        assert 'aria-invalid="true"' in html and "Ouderenzorg" in html  # what was typed stays

    def test_a_missing_name_is_refused(self, client, school, hr):
        client.force_login(hr)

        response = client.post(partners_url(school), partner_data(name=""))

        assert response.status_code == 400 and not Partner.objects.exists()
        assert response.context["form"].errors.as_data()["name"][0].code == "required"
        assert "Dit veld is verplicht" in response.content.decode()

    def test_the_same_name_at_another_school_is_fine(self, client, school, hr, partner):
        other = Organisation.objects.create(name="ROC West")
        client.force_login(person(other, None, Role.HR))

        response = client.post(partners_url(other), partner_data(name=partner.name))

        assert response.status_code == 302
        assert Partner.objects.filter(name=partner.name).count() == 2

    def test_the_list_counts_contacts_and_open_offers(self, client, school, hr, partner):
        Contact.objects.create(partner=partner, name="A", email="a@zorg.example")
        Contact.objects.create(partner=partner, name="B", email="b@zorg.example")
        offer(partner, title="Open")
        withdrawn = offer(partner, title="Ingetrokken")
        services.offer_withdraw(offer=withdrawn)
        expired = offer(partner, title="Verlopen")
        Offer.objects.filter(pk=expired.pk).update(
            start_date=TODAY - timedelta(days=9), end_date=TODAY - timedelta(days=1)
        )
        full = offer(partner, title="Vol", places=1)
        OfferRequest.objects.create(
            offer=full, teacher=person(), message="Graag", status=OfferRequest.Status.ACCEPTED
        )
        client.force_login(hr)

        response = client.get(partners_url(school))

        assert response.status_code == 200
        [row] = response.context["partners"]
        assert (row.contact_count, row.open_offer_count) == (2, 1)
        html = response.content.decode()
        assert html.count("<h1") == 1 and "<caption" in html and 'scope="col"' in html


class PartnerDetailTests:
    def test_a_contact_with_an_account_is_invited_and_becomes_the_partner_by_accepting(
        self, client, school, hr, partner, mailoutbox
    ):
        client.force_login(hr)

        response = client.post(partner_url(school, partner), contact_data())

        assert response.status_code == 302 and response.url == partner_url(school, partner)
        contact = Contact.objects.get(partner=partner)
        assert contact.user is None  # not before the person said yes
        assert not User.objects.filter(email="petra@zorggroep.example").exists()
        assert not Membership.objects.filter(role=Role.PARTNER).exists()
        [mail] = mailoutbox
        assert mail.to == ["petra@zorggroep.example"]
        link = next(word for word in mail.body.split() if "/uitnodiging/" in word)
        assert link.startswith("http://testserver/")
        page = client.get(partner_url(school, partner))
        assert [str(m) for m in page.context["messages"]]
        assert page.context["contacts"] == [contact]
        assert "Praktijkopleider" in page.content.decode()

        client.logout()
        path = link.removeprefix("http://testserver")
        password = "Een-lang-wachtwoord-2026"
        data = {
            "first_name": "Petra",
            "last_name": "de Vries",
            "new_password1": password,
            "new_password2": password,
        }
        response = client.post(path + "account/", data)
        assert response.status_code == 302 and response.url == reverse("workfield:partner_home")
        user = User.objects.get(email="petra@zorggroep.example")
        contact.refresh_from_db()
        assert contact.user == user and (user.first_name, user.last_name) == ("Petra", "de Vries")
        assert Membership.objects.filter(
            user=user, organisation=school, team=None, role=Role.PARTNER
        ).exists()

    def test_a_contact_without_an_account_gets_no_account_and_no_mail(
        self, client, school, hr, partner, mailoutbox
    ):
        client.force_login(hr)

        response = client.post(partner_url(school, partner), contact_data(account=""))

        assert response.status_code == 302
        assert Contact.objects.get(partner=partner).user is None
        assert not User.objects.filter(email="petra@zorggroep.example").exists()
        assert mailoutbox == []

    def test_an_existing_account_is_linked_only_when_its_owner_accepts(
        self, client, school, hr, partner, mailoutbox
    ):
        existing = person(name="Petra")
        client.force_login(hr)

        client.post(partner_url(school, partner), contact_data(email=existing.email.upper()))

        contact = Contact.objects.get(partner=partner)
        assert contact.user is None
        assert not Membership.objects.filter(user=existing, organisation=school, role=Role.PARTNER).exists()
        [mail] = mailoutbox
        path = next(word for word in mail.body.split() if "/uitnodiging/" in word).removeprefix(
            "http://testserver"
        )
        client.force_login(existing)
        client.post(path)
        contact.refresh_from_db()
        assert contact.user == existing
        assert User.objects.filter(email__iexact=existing.email).count() == 1
        assert Membership.objects.filter(user=existing, organisation=school, role=Role.PARTNER).exists()

    def test_a_duplicate_address_is_refused_next_to_the_field(self, client, school, hr, partner, mailoutbox):
        client.force_login(hr)
        client.post(partner_url(school, partner), contact_data())
        mailoutbox.clear()
        users, memberships = User.objects.count(), Membership.objects.count()

        response = client.post(
            partner_url(school, partner),
            contact_data(name="Petra Tweede", email="PETRA@zorggroep.example", position="Teamleider"),
        )

        assert response.status_code == 400
        assert Contact.objects.filter(partner=partner).count() == 1
        assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
        assert mailoutbox == []
        form = response.context["form"]
        assert form.errors["email"] == [nl("This partner already has a contact with this e-mail address.")]
        html = response.content.decode()
        assert 'aria-invalid="true"' in html and "Petra Tweede" in html and "Teamleider" in html

    def test_a_bad_address_is_refused(self, client, school, hr, partner):
        client.force_login(hr)

        response = client.post(partner_url(school, partner), contact_data(email="geen-adres"))

        assert response.status_code == 400 and not Contact.objects.exists()
        assert response.context["form"].errors.as_data()["email"][0].code == "invalid"

    def test_the_page_shows_contacts_and_offers_with_places_taken(self, client, school, hr, partner):
        Contact.objects.create(partner=partner, name="Jan Bakker", email="jan@zorg.example", phone="010-1")
        full = offer(partner, title="Docentstage op de afdeling", places=1)
        OfferRequest.objects.create(
            offer=full, teacher=person(), message="Graag", status=OfferRequest.Status.ACCEPTED
        )
        withdrawn = offer(partner, title="Gastles wondzorg")
        services.offer_withdraw(offer=withdrawn)
        client.force_login(hr)

        response = client.get(partner_url(school, partner))

        assert response.status_code == 200
        offers = {o.title: (o.taken, o.places, o.status) for o in response.context["offers"]}
        assert offers == {
            "Docentstage op de afdeling": (1, 1, "full"),
            "Gastles wondzorg": (0, 2, "withdrawn"),
        }
        html = response.content.decode()
        assert "Jan Bakker" in html and "jan@zorg.example" in html and "010-1" in html
        assert html.count("<h1") == 1 and html.count("<caption") == 2


def accept_link(mail) -> str:
    """The path of the invitation link in a mailed invitation."""
    return next(word for word in mail.body.split() if "/uitnodiging/" in word).removeprefix(
        "http://testserver"
    )


class AcceptingLinksOnlyTheInvitedContactTests:
    """Accepting a partner invitation links the contact(s) it was sent for, not every contact with the
    address: HR of another partner (or another school) may have that address without giving it an account."""

    def test_a_contact_of_another_partner_without_an_account_is_not_linked(
        self, client, school, hr, partner, mailoutbox
    ):
        existing = person(name="Petra")
        other = Partner.objects.create(organisation=school, name="Thuiszorg West")
        address_book = Contact.objects.create(partner=other, name="Petra", email=existing.email)
        elsewhere = Partner.objects.create(
            organisation=Organisation.objects.create(name="ROC West"), name="X"
        )
        foreign = Contact.objects.create(partner=elsewhere, name="Petra", email=existing.email)
        client.force_login(hr)
        client.post(partner_url(school, partner), contact_data(email=existing.email))
        contact = Contact.objects.get(partner=partner)
        assert contact.invitation is not None and address_book.invitation is None

        client.force_login(existing)
        client.post(accept_link(mailoutbox[0]))

        contact.refresh_from_db(), address_book.refresh_from_db(), foreign.refresh_from_db()
        assert contact.user == existing
        assert address_book.user is None and foreign.user is None

    def test_a_partner_contact_given_an_account_for_a_second_partner_is_linked_there_too(
        self, client, school, hr, partner, mailoutbox
    ):
        petra = person(name="Petra")
        other = Partner.objects.create(organisation=school, name="Thuiszorg West")
        client.force_login(hr)
        client.post(partner_url(school, partner), contact_data(email=petra.email))
        client.force_login(petra)
        client.post(accept_link(mailoutbox[-1]))  # now a partner contact: the role is held
        client.force_login(hr)
        client.post(partner_url(school, other), contact_data(email=petra.email))
        second = Contact.objects.get(partner=other)

        client.force_login(petra)
        client.post(accept_link(mailoutbox[-1]))

        second.refresh_from_db()
        assert second.user == petra and second.invitation.uses == 1

    def test_a_contact_added_before_the_invitations_were_recorded_is_not_linked(self, school, partner):
        from ontwikkelwijzer.teams import invitations

        user = person(name="Petra")
        legacy = Contact.objects.create(partner=partner, name="Petra", email=user.email)
        invitation = invitations.personal_invitation_create(
            organisation=school, team=None, role=Role.PARTNER, email=user.email, created_by=None
        )

        invitations.invitation_accept(invitation=invitation, user=user)

        legacy.refresh_from_db()
        assert legacy.user is None

    def test_two_contacts_given_an_account_with_one_address_are_both_linked(
        self, client, school, hr, partner, mailoutbox
    ):
        """The second invitation replaces the first (``personal_invitation_create``): both contacts wait
        for the new one."""
        other = Partner.objects.create(organisation=school, name="Thuiszorg West")
        client.force_login(hr)
        client.post(partner_url(school, partner), contact_data())
        client.post(partner_url(school, other), contact_data())
        first, second = Contact.objects.get(partner=partner), Contact.objects.get(partner=other)
        assert first.invitation == second.invitation is not None

        client.logout()
        password = "Een-lang-wachtwoord-2026"
        data = {"first_name": "Petra", "last_name": "", "new_password1": password, "new_password2": password}
        client.post(accept_link(mailoutbox[-1]) + "account/", data)

        user = User.objects.get(email="petra@zorggroep.example")
        first.refresh_from_db(), second.refresh_from_db()
        assert first.user == second.user == user


class OwnAddressTests:
    """HR cannot give their own mailbox a partner account (``invitations.address_problem``): refused next to
    the address, nothing stored, what was typed stays."""

    @pytest.mark.parametrize("own", ["{local}@{domain}", "{LOCAL}@{DOMAIN}", "{local}+partner@{domain}"])
    def test_your_own_address_with_an_account_is_refused_next_to_the_field(
        self, client, school, hr, partner, mailoutbox, own
    ):
        from ontwikkelwijzer.teams.models import Invitation

        local, _at, domain = hr.email.partition("@")
        address = own.format(local=local, domain=domain, LOCAL=local.upper(), DOMAIN=domain.upper())
        client.force_login(hr)

        response = client.post(
            partner_url(school, partner), contact_data(name="Ikzelf Tweede", email=address)
        )

        assert response.status_code == 400
        assert not Contact.objects.exists() and not Invitation.objects.exists() and mailoutbox == []
        assert response.context["form"].errors["email"] == [
            nl("This is your own address. Someone else has to invite you.")
        ]
        html = response.content.decode()
        assert 'aria-invalid="true"' in html and "Ikzelf Tweede" in html and address in html

    def test_your_own_address_without_an_account_is_just_a_contact(self, client, school, hr, partner):
        client.force_login(hr)

        response = client.post(partner_url(school, partner), contact_data(email=hr.email, account=""))

        assert response.status_code == 302
        assert Contact.objects.get(partner=partner).invitation is None

    def test_the_service_refuses_it_too_and_stores_nothing(self, school, hr, partner):
        from ontwikkelwijzer.teams.models import Invitation

        with pytest.raises(services.Refused) as refused:
            services.contact_add(
                partner=partner, name="Ikzelf", email=hr.email.upper(), account=True, added_by=hr
            )

        assert str(refused.value) == gettext("This is your own address. Someone else has to invite you.")
        assert not Contact.objects.exists() and not Invitation.objects.exists()


class AccessTests:
    @pytest.mark.parametrize("role", [Role.TEACHER, Role.TEAM_LEADER, Role.CURRICULUM, Role.PARTNER])
    def test_other_roles_of_the_school_get_a_404(self, client, school, team, partner, role):
        client.force_login(person(school, team if role in (Role.TEACHER, Role.TEAM_LEADER) else None, role))

        assert client.get(partners_url(school)).status_code == 404
        assert client.post(partners_url(school), partner_data()).status_code == 404
        assert client.get(partner_url(school, partner)).status_code == 404
        assert client.post(partner_url(school, partner), contact_data()).status_code == 404
        assert Partner.objects.count() == 1 and not Contact.objects.exists()

    def test_a_partner_manager_of_another_school_gets_a_404(self, client, school, partner, mailoutbox):
        other = Organisation.objects.create(name="ROC West")
        theirs = Partner.objects.create(organisation=other, name="Bouwbedrijf West")
        client.force_login(person(other, None, Role.ADMIN))

        assert client.get(partners_url(school)).status_code == 404
        assert client.post(partners_url(school), partner_data()).status_code == 404
        for address in (
            partner_url(school, partner),
            reverse("workfield:partner", args=[other.pk, partner.pk]),  # their school, our partner
            reverse("workfield:partner", args=[school.pk, theirs.pk]),  # our school, their partner
        ):
            assert client.get(address).status_code == 404
            assert client.post(address, contact_data()).status_code == 404
        assert list(Partner.objects.filter(organisation=school)) == [partner]
        assert not Contact.objects.exists() and mailoutbox == []

    def test_a_partner_contact_gets_a_404(self, client, school, partner):
        user = person(school, None, Role.PARTNER)
        Contact.objects.create(partner=partner, name="Petra", email=user.email, user=user)
        client.force_login(user)

        assert client.get(partners_url(school)).status_code == 404
        assert client.get(partner_url(school, partner)).status_code == 404

    def test_anonymous_visitors_are_sent_to_log_in(self, client, school, partner):
        for address in (partners_url(school), partner_url(school, partner)):
            response = client.get(address)
            assert response.status_code == 302 and reverse("accounts:login") in response.url
