"""The demo school through each role's eyes, on a phone and a laptop: ``manage.py demo_school`` fills the
test database, then each of its seven accounts signs in and visits its start page and main pages. Every
page is screenshotted, checked with axe-core and must not scroll sideways."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from ontwikkelwijzer.overviews import demo
from ontwikkelwijzer.scan.models import Scan
from ontwikkelwijzer.teams.models import Organisation
from tests.e2e.journey import Journey
from tests.e2e.test_teacher_loop import WIDTHS, no_sideways_scroll

PASSWORD = "Demo-wachtwoord-2026"


def pages(school: Organisation) -> dict[str, list[tuple[str, str, str | None]]]:
    """Per account: (label, URL, a text the page's main part shows; None: any, for a start page whose
    content for this role is not the demo's)."""
    care = school.teams.get(name=demo.CARE)
    scans = {
        email: Scan.objects.filter(user__email=email).order_by("-created_at", "-pk").first().pk
        for email in ("docent@demo.example", "docent2@demo.example")
    }

    def teacher(email: str, name: str, item: str) -> list[tuple[str, str, str | None]]:
        return [
            ("start", "/", name),
            ("plan", reverse("plans:current"), item),
            ("scan result", reverse("scan:detail", args=[scans[email]]), "Resultaat van je zelfscan"),
            ("work field", reverse("workfield:offers"), "Een dag meelopen op de afdeling revalidatie"),
        ]

    teacher_pk = school.memberships.get(user__email="docent@demo.example", team=care).user_id
    beheer = [
        ("start", "/", None),
        ("school administration", reverse("teams:admin_home"), demo.CARE),
        ("people and roles", reverse("teams:people", args=[school.pk]), "docent@demo.example"),
        ("a person", reverse("teams:person", args=[school.pk, teacher_pk]), "docent@demo.example"),
        ("school settings", reverse("teams:school_settings", args=[school.pk]), demo.SCHOOL_NAME),
        # real entries of the school administration's services: the teacher who left, among them
        (
            "audit",
            reverse("teams:school_audit", args=[school.pk]),
            f"{demo.LEAVER.first_name} {demo.LEAVER.last_name}",
        ),
    ]
    return {
        "docent@demo.example": teacher("docent@demo.example", "Fatima", "Intervisie over lastige gesprekken"),
        "docent2@demo.example": teacher("docent2@demo.example", "Daan", "Werkplaats examinering"),
        "teamleider@demo.example": [
            ("start", "/", None),
            ("team overview", reverse("overviews:team", args=[care.pk]), demo.CARE),
            ("members", reverse("teams:members", args=[care.pk]), "Fatima El Amrani"),
        ],
        "hr@demo.example": [
            ("start", "/", None),
            ("organisation overview", reverse("overviews:organisation", args=[school.pk]), demo.CARE),
            ("partners", reverse("workfield:partners", args=[school.pk]), "Zorggroep Rivierenland"),
            ("hours per person", reverse("teams:hours", args=[school.pk]), "Fatima"),
        ],
        "curriculum@demo.example": [
            ("start", "/", None),
            ("curriculum view", reverse("overviews:curriculum", args=[school.pk]), "Co-assessment"),
        ],
        # A partner's start page is the partner's home: it lists the requests.
        "partner@demo.example": [("partner home", "/", "Docentstage van twee weken in het verpleeghuis")],
        "beheer@demo.example": beheer,
    }


@pytest.mark.parametrize("device", list(WIDTHS))
def test_each_demo_account_sees_its_pages_with_content(site, browser, request, device):
    call_command("demo_school", password=PASSWORD, force=True, verbosity=0)
    school = Organisation.objects.get(name=demo.SCHOOL_NAME)
    width = WIDTHS[device]["width"]
    visited = pages(school)
    assert list(visited) == [a.email for a in demo.ACCOUNTS]
    for email, steps in visited.items():
        context = browser.new_context(viewport=WIDTHS[device])
        page = context.new_page()
        journey = Journey(page, f"{request.node.name}-{email.split('@')[0]}")
        page.goto(site.url + "/account/inloggen/")
        page.locator("#id_username").fill(email)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("header")).to_contain_text("Uitloggen")
        for label, url, text in steps:
            response = page.goto(site.url + url)
            assert response is not None and response.ok, f"{email} {url}: {response and response.status}"
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            if text is not None:
                expect(page.locator("main")).to_contain_text(text)
            no_sideways_scroll(page, width)
            journey.check(label)
        context.close()
