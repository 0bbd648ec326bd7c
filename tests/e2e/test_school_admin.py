"""An administrator sets the school's e-mail domains and invites a team leader, on a phone and a laptop;
the team's teachers are told when the leader joins."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team
from tests.e2e.journey import Journey
from tests.e2e.test_team import PASSWORD, log_in

WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


@pytest.mark.parametrize("device", list(WIDTHS))
def test_an_administrator_sets_the_domains_then_invites_a_team_leader(
    site, browser, request, mailoutbox, device
):
    school = Organisation.objects.create(name="ROC Oost")
    team = Team.objects.create(organisation=school, name="Zorg en welzijn")
    users = get_user_model().objects
    admin = users.create_user(email="beheer@roc-oost.nl", password=PASSWORD, first_name="Bea")
    Membership.objects.create(user=admin, organisation=school, role=Role.ADMIN)
    teacher = users.create_user(email="docent@roc-oost.nl", password=PASSWORD, first_name="Daan")
    Membership.objects.create(user=teacher, organisation=school, team=team, role=Role.TEACHER)
    context = browser.new_context(viewport=WIDTHS[device])
    page = context.new_page()
    journey = Journey(page, request.node.name)

    log_in(page, site.url, admin.email)
    page.goto(site.url + f"/organisatie/school/{school.pk}/")
    notice = page.locator("p.notice", has_text="e-maildomeinen nog niet ingesteld")
    expect(notice).to_be_visible()
    journey.check("overview without domains")
    # Without the school's domains nobody can be invited as team leader: the form says why.
    page.goto(site.url + f"/organisatie/team/{team.pk}/leden/")
    page.locator("#id_role").select_option(Role.TEAM_LEADER)
    page.locator("#id_email").fill("lotte@roc-oost.nl")
    page.locator("form[action$='/uitnodigen/'] button[type=submit]").click()
    expect(page.locator("#id_email_error")).to_contain_text("stelt eerst de e-maildomeinen van de school in")
    expect(page.locator("#id_email")).to_have_value("lotte@roc-oost.nl")
    journey.check("team leader refused without domains")

    page.goto(site.url + f"/organisatie/school/{school.pk}/")
    notice.get_by_role("link", name="Stel de e-maildomeinen in").click()
    page.locator("#id_email_domains").fill("roc-oost")  # not a domain
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_email_domains_error")).to_contain_text("“roc-oost” is geen domein")
    expect(page.locator("#id_email_domains")).to_have_value("roc-oost")  # what was typed stays
    journey.check("settings with a bad domain")
    page.locator("#id_email_domains").fill("@ROC-Oost.nl")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[role=status], .messages").first).to_contain_text("zijn opgeslagen")
    expect(page.locator("#id_email_domains")).to_have_value("roc-oost.nl")
    journey.check("settings saved")

    # An address of another provider, or one's own with a +, is refused; the school's address goes.
    page.goto(site.url + f"/organisatie/team/{team.pk}/leden/")
    for address, message in (
        ("lotte@gmail.com", "alleen naar een adres van de school (roc-oost.nl)"),
        ("beheer+zorg@roc-oost.nl", "Dit is je eigen adres"),
    ):
        page.locator("#id_role").select_option(Role.TEAM_LEADER)
        page.locator("#id_email").fill(address)
        page.locator("form[action$='/uitnodigen/'] button[type=submit]").click()
        expect(page.locator("#id_email_error")).to_contain_text(message)
    page.locator("#id_role").select_option(Role.TEAM_LEADER)
    page.locator("#id_email").fill("lotte@roc-oost.nl")
    page.locator("form[action$='/uitnodigen/'] button[type=submit]").click()
    invited = page.get_by_text("lotte@roc-oost.nl heeft een e-mail met een persoonlijke uitnodiging")
    expect(invited).to_be_visible()
    journey.check("team leader invited")
    link = re.search(r"https?://\S+/organisatie/uitnodiging/\S+/", mailoutbox[-1].body).group(0)
    context.close()

    # The new leader makes an account with the link; the teacher gets a mail about it.
    leader_context = browser.new_context(viewport=WIDTHS[device])
    leader = leader_context.new_page()
    leader.goto(link)
    leader.locator("#id_first_name").fill("Lotte")
    leader.locator("#id_last_name").fill("de Leider")
    leader.locator("#id_new_password1").fill(PASSWORD)
    leader.locator("#id_new_password2").fill(PASSWORD)
    leader.locator("form[action$='/account/'] button[type=submit]").click()
    expect(leader.get_by_role("heading", level=1)).to_be_visible()
    Journey(leader, request.node.name + "-leader").check("joined as team leader")
    told = [m for m in mailoutbox if m.to == [teacher.email]]
    assert (
        len(told) == 1
        and "Lotte de Leider (lotte@roc-oost.nl) is nu teamleider van Zorg en welzijn" in told[0].body
    )
    assert Membership.objects.filter(
        team=team, role=Role.TEAM_LEADER, user__email="lotte@roc-oost.nl"
    ).exists()
    leader_context.close()
