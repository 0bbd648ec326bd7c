import re

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.accounts.tests.helpers import confirm, link_in, mails_to, sign_up

pytestmark = pytest.mark.django_db
PASSWORD = "Een-lang-wachtwoord-2026"


@pytest.fixture
def teacher():
    return User.objects.create_user(email="docent@school.nl", password=PASSWORD, first_name="Fatima")


class SignupTests:
    def test_it_makes_an_unconfirmed_account_with_an_argon2_hash_and_the_mailed_link_logs_in(
        self, client, settings
    ):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
        response = sign_up(client, "Nieuw@School.nl", fte="0.8")

        assert response.status_code == 302 and response["Location"] == reverse("accounts:signup_sent")
        user = User.objects.get(email="nieuw@school.nl")
        assert identify_hasher(user.password).algorithm == "argon2"
        assert str(user.fte) == "0.80" and user.email_verified_at is None
        assert client.get(reverse("accounts:profile")).status_code == 302  # not logged in yet

        response = confirm(client, link_in(mails_to("nieuw@school.nl")[0]))
        assert response.status_code == 302 and response["Location"] == reverse("home")
        user.refresh_from_db()
        assert user.email_verified_at is not None
        assert client.get(reverse("accounts:profile")).status_code == 200

    def test_errors_are_shown_next_to_the_field_in_dutch_and_input_is_kept(self, client, teacher):
        response = client.post(
            reverse("accounts:signup"),
            {
                "email": "docent@school.nl",
                "first_name": "Piet",
                "fte": "3",
                "password1": "kort",
                "password2": "anders",
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Er is al een account" not in html  # the form never tells whether an address has one
        assert 'value="Piet"' in html and 'value="docent@school.nl"' in html
        assert re.search(r'id="id_fte_error"', html) and 'aria-invalid="true"' in html
        assert 'href="#id_password2"' in html  # the error summary links to the field

    def test_it_does_not_follow_a_foreign_next_url(self, client):
        response = client.post(
            reverse("accounts:signup") + "?next=https://evil.example/",
            {
                "email": "a@school.nl",
                "first_name": "A",
                "fte": "1",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "next": "https://evil.example/",
            },
        )
        assert response["Location"] == reverse("accounts:signup_sent")
        response = confirm(client, link_in(mails_to("a@school.nl")[0]))
        assert response["Location"] == reverse("home")

    def test_after_confirming_it_goes_back_to_where_the_person_came_from(self, client):
        sign_up(client, "a@school.nl", next="/ontwikkelplan/")

        response = confirm(client, link_in(mails_to("a@school.nl")[0]))

        assert response["Location"] == "/ontwikkelplan/"


class LoginTests:
    def test_a_teacher_logs_in_with_e_mail_and_out_again(self, client, teacher):
        response = client.post(
            reverse("accounts:login"), {"username": "docent@school.nl", "password": PASSWORD}
        )
        assert response.status_code == 302
        assert "Mijn account" in client.get(reverse("home")).content.decode()
        client.post(reverse("accounts:logout"))
        assert client.get(reverse("accounts:profile")).status_code == 302

    def test_logging_in_is_throttled_after_repeated_failures(self, client, teacher, settings):
        for _ in range(settings.LOGIN_FAILURE_LIMIT):
            client.post(reverse("accounts:login"), {"username": "docent@school.nl", "password": "fout"})
        response = client.post(
            reverse("accounts:login"), {"username": "docent@school.nl", "password": PASSWORD}
        )
        assert response.status_code == 429
        assert "Te veel pogingen" in response.content.decode()

    def test_a_wrong_password_says_so_in_dutch(self, client, teacher):
        response = client.post(
            reverse("accounts:login"), {"username": "docent@school.nl", "password": "fout"}
        )
        assert "e-mailadres" in response.content.decode().lower()
        assert response.status_code == 200


class PasswordTests:
    def test_a_forgotten_password_can_be_reset_by_mail(self, client, teacher):
        client.post(reverse("accounts:password_reset"), {"email": "docent@school.nl"})
        assert len(mail.outbox) == 1
        link = link_in(mail.outbox[0], "wachtwoord-herstellen")
        form_url = client.get(link)["Location"]
        response = client.post(
            form_url, {"new_password1": "Nog-een-lang-wachtwoord", "new_password2": "Nog-een-lang-wachtwoord"}
        )
        assert response.status_code == 302
        response = client.post(
            reverse("accounts:login"), {"username": "docent@school.nl", "password": "Nog-een-lang-wachtwoord"}
        )
        assert response.status_code == 302

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self, client):
        response = client.post(reverse("accounts:password_reset"), {"email": "niemand@school.nl"})
        assert response.status_code == 302 and not mail.outbox

    def test_a_teacher_changes_the_password(self, client, teacher):
        client.force_login(teacher)
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "Weer-een-nieuw-wachtwoord",
                "new_password2": "Weer-een-nieuw-wachtwoord",
            },
        )
        assert response.status_code == 302
        teacher.refresh_from_db()
        assert teacher.check_password("Weer-een-nieuw-wachtwoord")


class OwnDataTests:
    def test_the_profile_saves_fte_and_reminders(self, client, teacher):
        client.force_login(teacher)
        client.post(reverse("accounts:profile"), {"first_name": "Fatima", "last_name": "B", "fte": "0.6"})
        teacher.refresh_from_db()
        assert str(teacher.fte) == "0.60" and teacher.reminders_enabled is False

    @pytest.mark.parametrize("name", ["accounts:profile", "accounts:password_change"])
    def test_own_pages_need_a_login(self, client, name):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
