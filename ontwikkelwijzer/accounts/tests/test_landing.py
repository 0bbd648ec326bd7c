"""Where a person lands after logging in when what was saved at the login names a page
(``accounts.session.land_after_login``; the scan app names the result of a visitor's scan it saved)."""

import pytest
from django.contrib.auth.signals import user_logged_in
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.session import land_after_login
from ontwikkelwijzer.accounts.tests.helpers import PASSWORD, confirm, link_in, mails_to, sign_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def lands_on():
    """At the next logins, something asks to land on the page given (``None``: nothing asks)."""
    target: dict[str, str | None] = {"path": None}

    def receiver(sender, request, user, **kwargs):
        if target["path"] is not None:
            land_after_login(request.session, target["path"])

    user_logged_in.connect(receiver, dispatch_uid="test-landing")
    yield target
    user_logged_in.disconnect(dispatch_uid="test-landing")


def log_in(client, next_url: str = ""):
    data = {"username": "docent@school.nl", "password": PASSWORD}
    return client.post(reverse("accounts:login"), {**data, "next": next_url} if next_url else data)


class LandingTests:
    def test_the_login_lands_where_the_login_asked_before_any_next_and_only_once(self, client, lands_on):
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        lands_on["path"] = "/zelfscan/7/"

        assert log_in(client, next_url="/ontwikkelplan/")["Location"] == "/zelfscan/7/"

        lands_on["path"] = None
        client.post(reverse("accounts:logout"))
        assert log_in(client, next_url="/ontwikkelplan/")["Location"] == "/ontwikkelplan/"
        client.post(reverse("accounts:logout"))
        assert log_in(client)["Location"] == reverse("home")  # the start page

    def test_confirming_a_new_account_lands_where_the_login_asked(self, client, lands_on):
        sign_up(client, "nieuw@school.nl", next="/ontwikkelplan/")
        lands_on["path"] = "/zelfscan/7/"

        response = confirm(client, link_in(mails_to("nieuw@school.nl")[0]))

        assert response["Location"] == "/zelfscan/7/"

    def test_a_landing_on_another_site_is_not_followed(self, client, lands_on):
        User.objects.create_user(email="docent@school.nl", password=PASSWORD)
        lands_on["path"] = "https://evil.example/"

        assert log_in(client, next_url="/ontwikkelplan/")["Location"] == "/ontwikkelplan/"
