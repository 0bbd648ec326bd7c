import io
import re
from datetime import date

from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from playwright.sync_api import expect

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.framework.selectors import framework_current
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team

PASSWORD = "Een-lang-wachtwoord-2026"


def log_in(page, url: str, email: str) -> None:
    page.goto(url + "/account/inloggen/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


class TeamLeaderJourneyTests:
    def test_a_leader_invites_a_teacher_who_plans_and_the_overview_fills_in(
        self, site, browser, journey, mailoutbox
    ):
        school = Organisation.objects.create(name="ROC Oost")
        team = Team.objects.create(organisation=school, name="Zorg en welzijn")
        leader = get_user_model().objects.create_user(
            email="leider@roc.nl", password=PASSWORD, first_name="Lotte"
        )
        Membership.objects.create(user=leader, organisation=school, team=team, role=Role.TEAM_LEADER)

        page = journey.page
        log_in(page, site.url, "leider@roc.nl")
        # The team plan: a goal for the work field.
        page.goto(site.url + f"/organisatie/team/{team.pk}/plan/")
        page.locator("textarea[name$='workfield']").fill("Elke docent werkt dit jaar samen met een bedrijf")
        page.locator("form[action*='/plan/opslaan/'] button[type=submit]").click()
        expect(page.locator("textarea[name$='workfield']")).to_have_value(
            "Elke docent werkt dit jaar samen met een bedrijf"
        )
        journey.check("team plan")
        # A team activity, and deleting it: the page asks first.
        page.locator("#id_activity-title").fill("Werkveldcommissie")
        page.locator("form[action*='/plan/activiteit-toevoegen/'] button[type=submit]").click()
        expect(page.locator("table.team-activities")).to_contain_text("Werkveldcommissie")
        page.locator("table.team-activities a[href$='/verwijderen/']").click()
        expect(page.locator("main")).to_contain_text("Werkveldcommissie")
        journey.check("delete a team activity?")
        page.locator("form.confirm-form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/plan/\?jaar=.*#activities$"))
        expect(page.locator("table.team-activities")).to_have_count(0)
        page.goto(site.url + f"/organisatie/team/{team.pk}/leden/")
        journey.check("members")
        page.locator("form[action$='/uitnodigen/'] button[type=submit]").click()
        link = page.locator("table code").first.inner_text()
        assert "/organisatie/uitnodiging/" in link

        teacher_context = browser.new_context()
        teacher = teacher_context.new_page()
        teacher.goto(link)
        teacher.locator("a[href^='/account/registreren/']").first.click()
        teacher.locator("#id_email").fill("docent@roc.nl")
        teacher.locator("#id_first_name").fill("Daan")
        teacher.locator("#id_password1").fill(PASSWORD)
        teacher.locator("#id_password2").fill(PASSWORD)
        teacher.locator("main form button[type=submit]").click()
        expect(teacher.get_by_role("heading", level=1)).to_have_text("Kijk in je e-mail")
        teacher.goto(re.search(r"http\S+/account/bevestigen/\S+/", mailoutbox[-1].body).group(0))
        teacher.locator("main form button[type=submit]").click()  # confirm the address
        teacher.locator("main form button[type=submit]").click()  # join the team
        expect(teacher).to_have_url(re.compile(r"/ontwikkelplan/"))
        teacher.locator("main form button[type=submit]").first.click()  # start the plan
        teacher.goto(site.url + "/activiteiten/co-design/")
        teacher.locator("form[action$='/activiteit-toevoegen/'] button").click()
        teacher.locator("#id_goal").fill("Samen met een bedrijf een praktijkopdracht ontwerpen")
        teacher.locator("form.form button[type=submit]").click()
        expect(teacher).to_have_url(re.compile(r"/ontwikkelplan/item/\d+/$"))
        teacher_context.close()

        page.goto(site.url + f"/organisatie/team/{team.pk}/")
        expect(page.locator("h1")).to_contain_text("Zorg en welzijn")
        expect(page.locator("table.coverage")).to_contain_text("1")
        journey.check("team overview")
        page.goto(site.url + f"/organisatie/team/{team.pk}/leden/")
        page.locator("a[href*='/docent/']").first.click()
        expect(page.locator("main")).to_contain_text("Co-design")
        journey.check("member plan")


class HrJourneyTests:
    def test_an_hr_advisor_sees_the_organisation_and_downloads_the_xlsx(self, site, page, journey):
        framework = framework_current()

        school = Organisation.objects.create(name="ROC Oost")
        users = get_user_model().objects
        for name in ("Zorg", "Techniek"):
            team = Team.objects.create(organisation=school, name=name)
            for n in range(3):
                teacher = users.create_user(email=f"{name.lower()}{n}@roc.nl", password=PASSWORD)
                Membership.objects.create(user=teacher, organisation=school, team=team, role=Role.TEACHER)
                plan = services.plan_get_or_create(
                    user=teacher, school_year=schoolyear.school_year_for(date.today())
                )
                activity = framework.activities.get(code="co-teaching")
                services.plan_item_from_activity(plan=plan, activity=activity, aspects=[])
        users.create_user(email="hr@roc.nl", password=PASSWORD)
        Membership.objects.create(user=users.get(email="hr@roc.nl"), organisation=school, role=Role.HR)

        log_in(page, site.url, "hr@roc.nl")
        page.goto(site.url + "/organisatie/")
        page.get_by_role("link", name="ROC Oost", exact=True).click()
        expect(page.locator("h1")).to_contain_text("ROC Oost")
        expect(page.locator("main")).to_contain_text("Techniek")
        journey.check("organisation overview")
        with page.expect_download() as download:
            page.locator("a[href*='overzicht.xlsx']").click()
        with open(download.value.path(), "rb") as xlsx:
            workbook = load_workbook(io.BytesIO(xlsx.read()))
        teams_sheet = workbook[workbook.sheetnames[0]]
        names = {str(cell.value) for row in teams_sheet.iter_rows() for cell in row}
        assert {"Zorg", "Techniek"} <= names
