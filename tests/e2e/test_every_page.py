"""Every page each role can reach, on the narrowest phones: the demo school is made, then for a visitor and
each of the demo's seven accounts the pages are found by following the links of every page from the start
page (one page of each kind: the first activity page found stands for all of them), and each is opened in
Chromium at 320 and at 390 pixels wide. A page that scrolls sideways fails the test, with what sticks out;
every page is screenshotted (test-artifacts/screenshots/) and checked with axe-core at 390 pixels.

The links are followed with Django's test client, which is quick; the browser then opens only what it
found. Downloads (PDF, spreadsheets, CSV, calendars) are not pages and are left out, and so are the
language switch, the Django admin and the API."""

import re
from collections import deque
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from playwright.sync_api import expect

from ontwikkelwijzer.overviews import demo
from tests.e2e.journey import Journey
from tests.e2e.test_teacher_loop import WIDER

PASSWORD = "Demo-wachtwoord-2026"
WIDTHS = (320, 390)
AXE_WIDTH = 390
VISITOR = "bezoeker"
# Paths that are not pages of the app's own, or that change something for the person following them.
NOT_CRAWLED = ("/taal/", "/beheer/", "/api/", "/static/", "/media/")
# Views that answer a download, by the end of their name: not a page to look at.
DOWNLOADS = re.compile(r"(export|xlsx|csv|pdf|research|ics|calendar|download|file)", re.IGNORECASE)
MAX_PAGES = 120  # per role: far more kinds of page than the app has, so a loop of links cannot run away


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _kind(path: str) -> str | None:
    """What kind of page a path is (its view's name), or None when it is not one to crawl."""
    if not path.startswith("/") or path.startswith("//") or path.startswith(NOT_CRAWLED):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    return None if DOWNLOADS.search(name) else name


def reachable(client: Client) -> dict[str, str]:
    """One URL per kind of page that following links from the start page reaches, in the order found."""
    found: dict[str, str] = {}
    queue = deque(["/"])
    while queue and len(found) < MAX_PAGES:
        url = queue.popleft()
        kind = _kind(urlsplit(url).path)
        if kind is None or kind in found:
            continue
        response = client.get(url, follow=True)  # a start page may send a role on to its own page
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        url = response.request["PATH_INFO"] + (f"?{q}" if (q := response.request["QUERY_STRING"]) else "")
        kind = _kind(response.request["PATH_INFO"])
        if kind is None or kind in found:
            continue
        found[kind] = url
        for href in _links(response.content.decode()):
            target, _fragment = urldefrag(href)
            if target and (kind_of := _kind(urlsplit(target).path)) is not None and kind_of not in found:
                queue.append(target)
    return found


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
    roles = {VISITOR: None, **{a.email.split("@")[0]: a.email for a in demo.ACCOUNTS}}
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


def test_a_team_leader_types_an_fte_with_a_comma_on_a_phone_and_reads_it_back_the_dutch_way(demo_school, page):
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
