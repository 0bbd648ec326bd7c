"""A school sets itself up from an empty database, in the browser, on a phone and a laptop: the first
administrator (made with ``create_admin``) chooses a password through the mailed link, creates the school
and a team, sets the school's e-mail domain, invites a team leader and a teacher, who each make their
account with the link and accept; the team leader then sees the teacher in the team overview. The wrong
thing is tried on the way (an empty team name, a team leader before the domain is set). Every page is
screenshotted, checked with axe-core and checked for sideways scrolling."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from ontwikkelwijzer.teams.models import Membership, Organisation, Team
from tests.e2e.journey import Journey
from tests.e2e.test_teacher_loop import WIDTHS, no_sideways_scroll

PASSWORD = "Kaasschaaf-Zonnebloem-82"


def link_in(message, site) -> str:
    """The link in a mail, on the live server."""
    url = re.search(r"https?://\S+", message.body).group(0)
    return site.url + "/" + url.split("://", 1)[1].split("/", 1)[1]


def look(journey: Journey, page, label: str, width: int) -> None:
    no_sideways_scroll(page, width)
    journey.check(label, page)


def accept_with_new_account(browser, viewport, site, journey, width, message, first_name, label):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(link_in(message, site))
    look(journey, page, f"{label} opens the invitation", width)
    page.locator("#id_first_name").fill(first_name)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.locator("form[action$='/account/'] button[type=submit]").click()
    expect(page.locator(".message-success")).to_be_visible()
    return context, page


@pytest.mark.parametrize("device", list(WIDTHS))
def test_a_school_sets_itself_up_from_an_empty_database(site, browser, request, device, settings):
    settings.SITE_URL = site.url
    viewport, width = WIDTHS[device], WIDTHS[device]["width"]
    journey = Journey(None, request.node.name)
    admin_context = browser.new_context(viewport=viewport)
    page = admin_context.new_page()

    out = io.StringIO()
    call_command("create_admin", email="ict@roc-test.nl", stdout=out)
    assert "create_admin" not in out.getvalue()  # it says what it did, not how to run it
    page.goto(link_in(mail.outbox[-1], site))
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    look(journey, page, "the administrator chooses a password", width)
    page.locator("main form button[type=submit]").click()
    page.goto(site.url + "/account/inloggen/")
    page.locator("#id_username").fill("ict@roc-test.nl")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/organisatie/schoolbeheer/$"))
    look(journey, page, "no school yet", width)

    page.locator("#id_name").fill("ROC Test")
    page.locator("main form button[type=submit]").click()
    school = Organisation.objects.get(name="ROC Test")
    expect(page).to_have_url(re.compile(rf"/organisatie/school/{school.pk}/beheer/$"))
    look(journey, page, "the school without teams", width)

    team_form = page.locator("form[action$='/beheer/teams/']")
    team_form.locator("button[type=submit]").click()  # no name
    expect(page.locator("#id_team-name_error, .has-error").first).to_be_visible()
    look(journey, page, "a team without a name is refused", width)
    page.locator("#id_team-name").fill("Zorg en Welzijn")
    page.locator("form[action$='/beheer/teams/'] button[type=submit]").click()
    expect(page.locator("main table")).to_contain_text("Zorg en Welzijn")
    team = Team.objects.get(organisation=school)

    page.goto(site.url + f"/organisatie/school/{school.pk}/beheer/mensen/")
    look(journey, page, "people and roles", width)
    page.locator("#id_email").fill("leider@roc-test.nl")
    page.locator("#id_role").select_option("team_leader")
    page.locator("#id_team").select_option(str(team.pk))
    page.locator("form[action$='/beheer/uitnodigen/'] button[type=submit]").click()
    expect(page.locator(".has-error")).to_be_visible()  # the school has no e-mail domain yet
    expect(page.locator("#id_email")).to_have_value("leider@roc-test.nl")  # what was typed stays
    look(journey, page, "a team leader before the school's domain is refused", width)

    page.goto(site.url + f"/organisatie/school/{school.pk}/instellingen/")
    page.locator("#id_email_domains").fill("roc-test.nl")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".message-success")).to_be_visible()
    look(journey, page, "the school's settings", width)

    page.goto(site.url + f"/organisatie/school/{school.pk}/beheer/mensen/")
    for email, role in (("leider@roc-test.nl", "team_leader"), ("docent@roc-test.nl", "teacher")):
        page.locator("#id_email").fill(email)
        page.locator("#id_role").select_option(role)
        page.locator("#id_team").select_option(str(team.pk))
        page.locator("form[action$='/beheer/uitnodigen/'] button[type=submit]").click()
        expect(page.locator(".message-success")).to_contain_text(email)
    look(journey, page, "two people invited", width)
    assert not Membership.objects.filter(team=team).exists()  # nothing until they accept

    invitation_mails = {
        m.to[0]: m for m in mail.outbox if m.to[0].endswith("@roc-test.nl") and "ict@" not in m.to[0]
    }
    leader_context, leader = accept_with_new_account(
        browser,
        viewport,
        site,
        journey,
        width,
        invitation_mails["leider@roc-test.nl"],
        "Lea",
        "the team leader",
    )
    teacher_context, _teacher = accept_with_new_account(
        browser,
        viewport,
        site,
        journey,
        width,
        invitation_mails["docent@roc-test.nl"],
        "Fatima",
        "the teacher",
    )
    assert Membership.objects.filter(team=team).count() == 2

    leader.goto(site.url + f"/organisatie/team/{team.pk}/")
    expect(leader.locator("#members-heading + dl dd").first).to_have_text("1")
    look(journey, leader, "the team leader sees the teacher in the team overview", width)
    leader.locator(f"a[href='/organisatie/team/{team.pk}/leden/']").first.click()
    expect(leader.locator("main table").first).to_contain_text("Fatima")
    look(journey, leader, "and among the team's members", width)

    page.goto(site.url + f"/organisatie/school/{school.pk}/beheer/logboek/")
    expect(page.locator("main table")).to_contain_text("leider@roc-test.nl")
    look(journey, page, "the audit", width)
    for context in (admin_context, leader_context, teacher_context):
        context.close()
