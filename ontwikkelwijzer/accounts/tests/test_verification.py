"""Verified identities: a new account works once its address is confirmed through a mailed link.

Sign-up answers the same whatever the address; the owner of an existing account gets a notice; an
unconfirmed account cannot sign in with its password; the link works once and for a limited time; a
password reset through the mailed link proves the address too.
"""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.tests.helpers import PASSWORD, confirm, english, link_in, mails_to, sign_up
from ontwikkelwijzer.accounts.verification import EmailConfirmationTokenGenerator
from ontwikkelwijzer.framework.models import ScanStatement
from ontwikkelwijzer.scan.models import Scan

pytestmark = pytest.mark.django_db
OTHER_PASSWORD = "Een-ander-wachtwoord-2026"


@pytest.fixture
def owner():
    return User.objects.create_user(
        email="docent@school.nl", password=PASSWORD, first_name="Fatima", last_name="Bakker"
    )


def log_in(client, email: str, password: str):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def take_the_scan(client, framework) -> None:
    data = {"learning": "any", "hours_available": ""}
    for statement in ScanStatement.objects.filter(framework=framework):
        data[f"s_{statement.code}"] = "3"
    assert client.post(reverse("scan:form"), data)["Location"] == reverse("scan:visitor_result")


class SameAnswerTests:
    def test_a_sign_up_for_an_existing_address_answers_like_a_new_one_and_tells_the_owner(self, owner):
        new, existing = Client(), Client()

        first = sign_up(new, "nieuw@school.nl", first_name="Piet")
        second = sign_up(existing, "Docent@School.nl", password=OTHER_PASSWORD, first_name="Piet")

        assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
        assert set(first.cookies) == set(second.cookies)  # the session is written either way
        assert new.get(first["Location"]).content == existing.get(second["Location"]).content
        owner.refresh_from_db()
        assert owner.check_password(PASSWORD) and not owner.check_password(OTHER_PASSWORD)
        assert (owner.first_name, owner.email_verified_at is not None) == ("Fatima", True)
        [notice] = mails_to("docent@school.nl")
        assert "/account/bevestigen/" not in notice.body  # nothing to confirm: the account exists
        assert "/account/inloggen/" in notice.body and "/account/wachtwoord-vergeten/" in notice.body
        assert "/account/bevestigen/" in mails_to("nieuw@school.nl")[0].body

    def test_a_pre_registration_never_holds_an_address_hostage(self):
        attacker, owner = Client(), Client()
        sign_up(attacker, "docent@school.nl", password=OTHER_PASSWORD, first_name="Aanvaller")
        old_link = link_in(mails_to("docent@school.nl")[0])

        sign_up(owner, "docent@school.nl", first_name="Fatima")  # the real owner signs up too

        user = User.objects.get(email="docent@school.nl")
        assert user.first_name == "Fatima" and user.check_password(PASSWORD)
        assert owner.get(old_link).status_code == 404  # the first link died with the old password
        response = confirm(owner, link_in(mails_to("docent@school.nl")[-1]))
        assert response.status_code == 302 and int(owner.session[SESSION_KEY]) == user.pk
        assert log_in(Client(), "docent@school.nl", OTHER_PASSWORD).status_code == 200  # refused


class UnconfirmedLoginTests:
    def test_an_unconfirmed_account_cannot_log_in_and_can_ask_for_a_new_link(self, client):
        sign_up(Client(), "nieuw@school.nl")
        mail.outbox.clear()

        response = log_in(english(client), "nieuw@school.nl", PASSWORD)
        html = response.content.decode()
        assert response.status_code == 200 and SESSION_KEY not in client.session
        assert "not confirmed yet" in html and reverse("accounts:confirmation_resend") in html

        response = client.post(reverse("accounts:confirmation_resend"))
        assert response["Location"] == reverse("accounts:signup_sent")
        [again] = mails_to("nieuw@school.nl")
        assert confirm(client, link_in(again)).status_code == 302  # same session: no password asked
        assert int(client.session[SESSION_KEY]) == User.objects.get(email="nieuw@school.nl").pk

    def test_a_wrong_password_says_nothing_about_confirmation_and_offers_no_link(self, client):
        sign_up(Client(), "nieuw@school.nl")
        mail.outbox.clear()

        html = log_in(english(client), "nieuw@school.nl", "fout").content.decode()
        assert "not confirmed" not in html and reverse("accounts:confirmation_resend") not in html

        response = client.post(reverse("accounts:confirmation_resend"))
        assert response["Location"] == reverse("accounts:login") and not mail.outbox

    def test_the_resend_button_is_throttled(self, client, settings):
        settings.ACCOUNT_MAILS_PER_ADDRESS = 2
        sign_up(Client(), "nieuw@school.nl")
        log_in(client, "nieuw@school.nl", PASSWORD)
        for _ in range(3):
            client.post(reverse("accounts:confirmation_resend"))
        assert len(mails_to("nieuw@school.nl")) == 2  # the sign-up's and one more


class LinkTests:
    def test_the_link_in_the_same_browser_keeps_the_visitors_scan(self, client, framework):
        take_the_scan(client, framework)
        sign_up(client, "nieuw@school.nl")
        assert not Scan.objects.exists()
        page = english(client).get(reverse("accounts:signup_sent")).content.decode()
        assert "Open the link in this browser to keep the self-scan" in page

        confirm(client, link_in(mails_to("nieuw@school.nl")[0]))

        scan = Scan.objects.get(user__email="nieuw@school.nl")
        assert scan.answers.count() == ScanStatement.objects.filter(framework=framework).count()

    def test_the_link_elsewhere_asks_the_password_and_the_scan_stays_behind(self, client, framework):
        take_the_scan(client, framework)
        sign_up(client, "nieuw@school.nl")
        elsewhere = english(Client())
        path = link_in(mails_to("nieuw@school.nl")[0])

        page = elsewhere.get(path).content.decode()
        assert "is not saved" in page and 'name="password"' in page
        refused = elsewhere.post(path, {"password": "fout"})
        assert refused.status_code == 200 and SESSION_KEY not in elsewhere.session
        assert "This password is not correct." in refused.content.decode()
        assert User.objects.get(email="nieuw@school.nl").email_verified_at is None

        assert elsewhere.post(path, {"password": PASSWORD}).status_code == 302
        assert SESSION_KEY in elsewhere.session and not Scan.objects.exists()

    def test_opening_the_link_confirms_nothing_until_the_button_is_pressed(self, client):
        sign_up(client, "nieuw@school.nl")
        client.get(link_in(mails_to("nieuw@school.nl")[0]))  # a mail scanner opens every link

        assert User.objects.get(email="nieuw@school.nl").email_verified_at is None

    def test_the_link_works_once(self, client):
        sign_up(client, "nieuw@school.nl")
        path = link_in(mails_to("nieuw@school.nl")[0])
        confirm(client, path)
        client.post(reverse("accounts:logout"))

        used = english(client).get(path)
        assert used.status_code == 404 and "not valid (any more)" in used.content.decode()
        assert client.post(path).status_code == 404 and SESSION_KEY not in client.session

    def test_the_link_expires(self, client, settings, monkeypatch):
        settings.EMAIL_CONFIRMATION_TIMEOUT = 3 * 24 * 3600
        sign_up(client, "nieuw@school.nl")
        path = link_in(mails_to("nieuw@school.nl")[0])

        later = datetime.now() + timedelta(days=3, minutes=1)
        monkeypatch.setattr(EmailConfirmationTokenGenerator, "_now", lambda self: later)

        assert client.get(path).status_code == 404
        assert client.post(path).status_code == 404
        assert User.objects.get(email="nieuw@school.nl").email_verified_at is None

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        uid=st.text(st.characters(codec="utf-8", exclude_characters="/?#%"), min_size=1, max_size=40),
        token=st.text(st.characters(codec="utf-8", exclude_characters="/?#%"), min_size=1, max_size=60),
    )
    def test_a_garbled_link_is_not_found_never_an_error(self, client, uid, token):
        try:
            path = reverse("accounts:confirm", kwargs={"uidb64": uid, "token": token})
        except NoReverseMatch:  # not a path the URL pattern could match at all
            return
        assert client.get(path).status_code in (404, 301, 302)

    @pytest.mark.parametrize("uid", ["OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "LTE", "eA", "MQ"])
    def test_huge_negative_or_unknown_ids_are_not_found(self, client, uid):
        assert client.get(reverse("accounts:confirm", args=[uid, "2a-abc"])).status_code == 404


class ResetProvesTheAddressTests:
    def test_a_reset_through_the_mail_confirms_and_voids_a_pre_registered_password(self, client):
        sign_up(Client(), "docent@school.nl", password=OTHER_PASSWORD)  # someone else's sign-up
        mail.outbox.clear()

        client.post(reverse("accounts:password_reset"), {"email": "docent@school.nl"})
        form_url = client.get(link_in(mails_to("docent@school.nl")[0], "wachtwoord-herstellen"))["Location"]
        client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})

        user = User.objects.get(email="docent@school.nl")
        assert user.email_verified_at is not None
        assert log_in(Client(), "docent@school.nl", OTHER_PASSWORD).status_code == 200  # refused
        assert log_in(Client(), "docent@school.nl", PASSWORD).status_code == 302

    def test_an_account_without_a_password_gets_a_reset_mail_and_sets_one(self, client):
        User.objects.create_user(email="geimporteerd@school.nl", password=None)  # import, sign-on

        client.post(reverse("accounts:password_reset"), {"email": "geimporteerd@school.nl"})
        [message] = mails_to("geimporteerd@school.nl")
        form_url = client.get(link_in(message, "wachtwoord-herstellen"))["Location"]
        response = client.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})

        assert response["Location"] == reverse("accounts:password_reset_complete")
        assert log_in(Client(), "geimporteerd@school.nl", PASSWORD).status_code == 302


class ExistingAccountsTests:
    def test_accounts_made_in_code_count_as_confirmed_and_only_sign_up_makes_unconfirmed_ones(self):
        assert User.objects.create_user(email="a@school.nl", password="x").email_verified_at is not None
        assert User.objects.create_superuser(email="b@school.nl", password="x").email_verified_at is not None
        unconfirmed = User.objects.create_user(email="c@school.nl", password="x", email_verified_at=None)
        assert not unconfirmed.email_verified
