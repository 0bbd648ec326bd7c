import json
import re
from datetime import date

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.plans import schoolyear, services
from ontwikkelwijzer.scan.services import ScanInput, scan_create

pytestmark = pytest.mark.django_db
PASSWORD = "Een-lang-wachtwoord-2026"


@pytest.fixture
def teacher():
    return User.objects.create_user(email="docent@school.nl", password=PASSWORD, first_name="Fatima")


class SignupTests:
    def test_it_creates_an_account_with_an_argon2_hash_and_logs_in(self, client, settings):
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
        response = client.post(
            reverse("accounts:signup"),
            {
                "email": "Nieuw@School.nl",
                "first_name": "Jan",
                "last_name": "",
                "fte": "0.8",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        assert response.status_code == 302
        user = User.objects.get(email="nieuw@school.nl")
        assert identify_hasher(user.password).algorithm == "argon2"
        assert str(user.fte) == "0.80"
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
        assert "Er is al een account met dit e-mailadres." in html
        assert 'value="Piet"' in html
        assert re.search(r'id="id_fte_error"', html) and 'aria-invalid="true"' in html
        assert 'href="#id_email"' in html  # the error summary links to the field

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
        assert response["Location"] == reverse("accounts:profile")


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
        for _ in range(settings.AXES_FAILURE_LIMIT):
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
        link = re.search(
            r"http://testserver(/account/wachtwoord-herstellen/\S+/)", mail.outbox[0].body
        ).group(1)
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

    def test_the_export_holds_the_persons_data(self, client, teacher):
        client.force_login(teacher)
        response = client.get(reverse("accounts:export"))
        assert response["Content-Disposition"].startswith("attachment")
        data = json.loads(response.content)
        assert data["account"]["email"] == "docent@school.nl"

    def test_deleting_the_account_needs_the_password_and_removes_it(self, client, teacher):
        client.force_login(teacher)
        response = client.post(reverse("accounts:delete"), {"password": "fout", "confirm": "on"})
        assert "Dit wachtwoord klopt niet." in response.content.decode()
        assert User.objects.filter(pk=teacher.pk).exists()
        response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
        assert response.status_code == 302
        assert not User.objects.filter(pk=teacher.pk).exists()

    @pytest.mark.parametrize(
        "name", ["accounts:profile", "accounts:export", "accounts:delete", "accounts:password_change"]
    )
    def test_own_pages_need_a_login(self, client, name):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


class WholePersonTests:
    def test_the_export_holds_scans_plans_log_and_reflections_and_deletion_removes_files(
        self, client, teacher, framework, settings, tmp_path, django_capture_on_commit_callbacks
    ):
        settings.MEDIA_ROOT = tmp_path
        scan_create(user=teacher, framework=framework, data=ScanInput(answers={}, learning="formal"))
        plan = services.plan_get_or_create(user=teacher, school_year=schoolyear.school_year_for(date.today()))
        activity = framework.activities.get(code="docentstage")
        aspect = framework.aspects.get(code="competence")
        item = services.plan_item_from_activity(plan=plan, activity=activity, aspects=[aspect])
        entry = services.log_entry_create(
            item=item,
            day=date.today(),
            description="Meegelopen",
            hours_spent=3,
            evidence_file=SimpleUploadedFile("bewijs.pdf", b"%PDF-1.4 x"),
        )
        services.reflection_save(item=item, aspect=aspect, rating=4, text="Veel geleerd")
        client.force_login(teacher)

        data = json.loads(client.get(reverse("accounts:export")).content)
        assert data["scans"][0]["learning_preference"] == "formal"
        exported = data["plans"][0]["items"][0]
        assert exported["activity"] == "docentstage"
        assert exported["log"][0]["description"] == "Meegelopen"
        assert exported["reflections"] == [{"aspect": "competence", "rating": 4, "text": "Veel geleerd"}]

        stored = tmp_path / entry.evidence_file.name
        assert stored.exists()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
        assert not User.objects.filter(pk=teacher.pk).exists()
        assert not stored.exists()
