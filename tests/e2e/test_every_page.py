"""Every page each role can reach, on the narrowest phones: the demo school is made, then for a visitor and
each of the demo's seven accounts the pages are found by following the links of every page from the start
page (one page of each kind: the first activity page found stands for all of them), and each is opened in
Chromium at 320 and at 390 pixels wide. A page that scrolls sideways fails the test, with what sticks out;
every page is screenshotted (test-artifacts/screenshots/) and checked with axe-core at 390 pixels.

The links are followed with Django's test client (``tests.crawl``), which is quick; the browser then opens
only what it found."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.crawl import demo_roles, reachable
from tests.e2e.journey import Journey
from tests.e2e.test_teacher_loop import WIDER

PASSWORD = "Demo-wachtwoord-2026"
WIDTHS = (320, 390)
AXE_WIDTH = 390


@pytest.fixture
def demo_school(site):
    call_command("demo_school", password=PASSWORD, force=True, verbosity=0)
    return site


def _session(email: str | None) -> Client:
    client = Client()
    if email is not None:
        client.force_login(get_user_model().objects.get(email=email))
    return client


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_of_any_role_scrolls_sideways_on_a_phone(demo_school, browser, request, width):
    roles = demo_roles()
    wider: list[str] = []
    seen_public: set[str] = set()  # pages a visitor sees too are looked at once, as the visitor
    visited = 0
    for role, email in roles.items():
        client = _session(email)
        pages = reachable(client)
        assert len(pages) >= (3 if email is None else 4), f"{role} reaches only {list(pages.values())}"
        context = browser.new_context(viewport={"width": width, "height": 844})
        if email is not None:
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": demo_school.url,
                    }
                ]
            )
        page = context.new_page()
        journey = Journey(page, f"{request.node.name}-{role}")
        for kind, url in pages.items():
            if email is not None and kind in seen_public:
                continue
            if email is None:
                seen_public.add(kind)
            response = page.goto(demo_school.url + url)
            assert response is not None and response.ok, f"{role} {url}: {response and response.status}"
            if page.evaluate("document.documentElement.scrollWidth") > width:
                wider.append(f"{role} {url}: {page.evaluate(WIDER, width)}")
            journey.check(kind.replace(":", "-"), axe=width == AXE_WIDTH)
            visited += 1
        context.close()
    assert visited >= 40, f"only {visited} pages visited"
    assert not wider, f"{len(wider)} of {visited} pages scroll sideways at {width} px:\n" + "\n".join(wider)


def test_an_fte_typed_with_a_comma_on_a_phone_reads_back_the_dutch_way(demo_school, page):
    page.set_viewport_size({"width": 390, "height": 844})
    journey = Journey(page, "fte-with-a-comma")
    page.goto(demo_school.url + "/account/inloggen/")
    page.locator("#id_username").fill("teamleider@demo.example")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(demo_school.url + reverse("accounts:profile"))
    fte = page.locator("#id_fte")
    fte.fill("1,5")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("Vul een getal in van hoogstens 1.")
    expect(page.locator("#id_fte")).to_have_value("1,5")  # what was typed stays
    journey.check("fte too large")
    page.locator("#id_fte").fill("0,8")
    page.locator("main form button[type=submit]").first.click()
    page.goto(demo_school.url + reverse("accounts:profile"))
    expect(page.locator("#id_fte")).to_have_value("0,80")
    assert get_user_model().objects.get(email="teamleider@demo.example").fte == Decimal("0.80")
    journey.check("fte saved")
