"""The menu follows the person's roles (``teams.context``): a work-field partner's contact, and nothing else,
gets the partner side only."""

import re

import pytest
from django.urls import reverse

from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership
from tests.support import person

pytestmark = pytest.mark.django_db

STAFF_ONLY = ("plans:current", "workfield:offers", "overviews:home", "teams:admin_home", "scan:form")


def menu_links(html: str) -> set[str]:
    """The addresses the header's menus link to."""
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    return set(re.findall(r'<a href="([^"?]+)', header))


class PartnerMenuTests:
    def test_a_partner_contacts_menu_shows_only_what_a_partner_uses(self, client, school):
        client.force_login(person(school, None, Role.PARTNER))

        response = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="nl")

        links = menu_links(response.text)
        assert reverse("workfield:partner_home") in links and reverse("accounts:profile") in links
        assert not links & {reverse(name) for name in STAFF_ONLY}

    def test_a_partner_contact_who_also_teaches_gets_the_whole_menu(self, client, school, team):
        contact = person(school, None, Role.PARTNER)
        Membership.objects.create(user=contact, organisation=school, team=team, role=Role.TEACHER)
        client.force_login(contact)

        links = menu_links(client.get(reverse("accounts:profile")).text)

        assert reverse("workfield:partner_home") not in links
        assert {reverse(name) for name in STAFF_ONLY if name != "teams:admin_home"} <= links
