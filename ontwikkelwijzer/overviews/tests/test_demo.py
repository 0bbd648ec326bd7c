"""The demo school (``manage.py demo_school``): made twice it is the same, every account signs in, and each
role's main pages show the demo's content."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.overviews import demo
from ontwikkelwijzer.plans.models import DevelopmentPlan, LogEntry, PlanItem
from ontwikkelwijzer.scan.models import Scan
from ontwikkelwijzer.teams.models import Organisation

pytestmark = pytest.mark.django_db
PASSWORD = "Demo-wachtwoord-2026"


def run(**options) -> str:
    out = StringIO()
    call_command("demo_school", password=options.pop("password", PASSWORD), stdout=out, **options)
    return out.getvalue()


def state() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "schools": Organisation.objects.filter(name=demo.SCHOOL_NAME).count(),
        "plans": DevelopmentPlan.objects.count(),
        "items": PlanItem.objects.count(),
        "log": LogEntry.objects.count(),
        "scans": Scan.objects.count(),
    } | demo.counts(Organisation.objects.get(name=demo.SCHOOL_NAME))


@pytest.fixture
def made(framework, settings):
    settings.DEBUG = True
    output = run()
    return Organisation.objects.get(name=demo.SCHOOL_NAME), output


def signed_in(email: str) -> Client:
    """Signed in through the sign-in page, as a person would."""
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302, (email, response.status_code)
    assert client.session.get("_auth_user_id") == str(User.objects.get(email=email).pk)
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


class DemoSchoolTests:
    def test_it_makes_the_same_school_when_run_twice(self, made, settings):
        school, output = made
        first = state()
        assert first["accounts"] == len(demo.ACCOUNTS) + len(demo.COLLEAGUES) + 1  # and the leaver
        assert first["waiting invitations"] == 1 and first["leavers"] == 1 and first["audit entries"] > 10
        assert first["items"] > 10 and first["log entries"] > 5
        run(password="Een-ander-wachtwoord-9")
        assert state() == first
        assert Organisation.objects.get(name=demo.SCHOOL_NAME).pk != school.pk  # made anew
        assert User.objects.get(email="docent@demo.example").check_password("Een-ander-wachtwoord-9")

    def test_it_prints_every_account_with_its_role_and_the_password(self, made):
        _school, output = made
        for account in demo.ACCOUNTS:
            assert account.email in output
        assert "Teamleider" in output and "Beheerder" in output
        assert PASSWORD in output and "http://127.0.0.1:8000/" in output

    def test_every_account_signs_in_active_and_confirmed(self, made):
        for account in demo.ACCOUNTS:
            user = User.objects.get(email=account.email)
            assert user.is_active and user.email_verified_at is not None
            signed_in(account.email)
        assert not User.objects.get(email=demo.COLLEAGUES[0].email).has_usable_password()

    def test_it_refuses_without_force_when_debug_is_off(self, framework, settings):
        settings.DEBUG = False
        with pytest.raises(CommandError, match="DEBUG"):
            run()
        assert not Organisation.objects.filter(name=demo.SCHOOL_NAME).exists()
        run(force=True)
        assert Organisation.objects.filter(name=demo.SCHOOL_NAME).exists()

    def test_it_stops_when_no_framework_is_loaded(self, db, settings, monkeypatch):
        settings.DEBUG = True
        monkeypatch.setattr(demo, "framework_current", lambda: None)  # the loaded one is shared, kept
        with pytest.raises(CommandError, match="load_framework"):
            run()


class DemoPagesTests:
    """Each role's main pages answer and show the demo's content."""

    def test_the_teachers_pages(self, made):
        client = signed_in("docent@demo.example")
        assert "Fatima" in page(client, "/")
        plan = page(client, reverse("plans:current"))
        assert "Werkbezoeken" in plan and "Intervisie over lastige gesprekken" in plan
        last_year = schoolyear.previous_school_year(schoolyear.school_year_for(schoolyear.date.today()))
        assert "Docentstage" in page(client, reverse("plans:detail", args=[last_year]))
        scan = Scan.objects.filter(user__email="docent@demo.example").order_by("-created_at").first()
        assert "recommendations" in page(client, reverse("scan:detail", args=[scan.pk]))
        assert "Gastles over werken in de wijkverpleging" in page(client, reverse("workfield:my_requests"))
        assert "Een dag meelopen op de afdeling revalidatie" in page(client, reverse("workfield:offers"))

    def test_the_team_leaders_pages(self, made):
        school, _output = made
        team = school.teams.get(name="Zorg en Welzijn")
        client = signed_in("teamleider@demo.example")
        overview = client.get(reverse("overviews:team", args=[team.pk]))
        assert overview.status_code == 200
        figures = overview.context["overview"]
        assert figures.teachers == 5 and figures.teachers_with_plan == 5  # the two and three colleagues
        assert figures.current.coverage.total > 10
        members = page(client, reverse("teams:members", args=[team.pk]))
        assert "Fatima El Amrani" in members and "Daan Visser" in members
        this_year = schoolyear.school_year_for(schoolyear.date.today())
        fatima, daan = (User.objects.get(email=f"{n}@demo.example") for n in ("docent", "docent2"))
        shared = page(client, reverse("plans:member_plan", args=[team.pk, fatima.pk, this_year]))
        assert "Ik stel eerder vragen" in shared and "Startgesprek" in shared  # her reflection, a note
        private = page(client, reverse("plans:member_plan", args=[team.pk, daan.pk, this_year]))
        assert "Studentervaringen bevragen" in private and "Twee interviews gehouden" not in private
        assert "PLG beroepshouding" in page(client, reverse("plans:team_plan", args=[team.pk]))

    def test_the_hr_pages(self, made):
        school, _output = made
        client = signed_in("hr@demo.example")
        assert "Zorg en Welzijn" in page(client, reverse("overviews:organisation", args=[school.pk]))
        assert "Zorggroep Rivierenland" in page(client, reverse("workfield:partners", args=[school.pk]))

    def test_the_curriculum_developers_pages(self, made):
        school, _output = made
        client = signed_in("curriculum@demo.example")
        assert "Co-assessment" in page(client, reverse("overviews:curriculum", args=[school.pk]))
        own = page(client, reverse("framework:own_activities", args=[school.pk]))
        assert "Werkplaats examinering" in own

    def test_the_partners_home(self, made):
        client = signed_in("partner@demo.example")
        home = page(client, reverse("workfield:partner_home"))
        assert "Daan" in home and "Docentstage van twee weken in het verpleeghuis" in home

    def test_the_administrators_pages(self, made):
        school, _output = made
        client = signed_in("beheer@demo.example")
        assert "demo.example" in page(client, reverse("teams:school_settings", args=[school.pk]))
        assert "Zorg en Welzijn" in page(client, reverse("overviews:organisation", args=[school.pk]))

    def test_the_administrators_audit_shows_real_changes_a_waiting_invitation_and_a_leaver(self, made):
        school, _output = made
        client = signed_in("beheer@demo.example")
        audit = client.get(reverse("teams:school_audit", args=[school.pk]), HTTP_ACCEPT_LANGUAGE="nl")
        rows = audit.context["rows"]
        assert [row["event"].action for row in rows][:3] == ["invited", "link_created", "left"]
        assert {"school_created", "settings_changed", "team_created", "accepted", "hours_changed"} <= {
            row["event"].action for row in rows
        }
        html = audit.content.decode()
        assert "Nothing has changed yet" not in html and "Er is nog niets gewijzigd" not in html
        for text in (
            "maakte de school aan",
            "Noor Vermeulen",
            "markeerde als vertrokken",
            "nam een uitnodiging aan",
            "Sanne Dekker",
            "nieuw@demo.example",
            "Docent, Techniek",
        ):
            assert text in html, text
        people = page(client, reverse("teams:people", args=[school.pk]))
        assert "nieuw@demo.example" in people and "Noor Vermeulen" in people  # waiting; left
        leaver = User.objects.get(email=demo.LEAVER.email)
        assert not leaver.is_active and not leaver.memberships.exists()
        curriculum = User.objects.get(email=demo.JOINS_BY_INVITATION)
        assert curriculum.memberships.get().role == "curriculum"
