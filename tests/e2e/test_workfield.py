"""The work field in the browser: a partner posts an offer, a teacher finds it through the activity page and
the list of offers and asks for it, the partner accepts, and the teacher's plan holds the item. A
curriculum developer opens the curriculum view; a school adds its own activity and a teacher gets it
recommended."""

import re
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans.models import PlanItem
from ontwikkelwijzer.teams.constants import Role
from ontwikkelwijzer.teams.models import Membership, Organisation, Team
from ontwikkelwijzer.workfield.models import Contact, Offer, Partner
from tests.e2e.test_team import PASSWORD, log_in


def account(email: str, organisation, role, team=None, first_name: str = ""):
    user = get_user_model().objects.create_user(email=email, password=PASSWORD, first_name=first_name)
    Membership.objects.create(user=user, organisation=organisation, team=team, role=role)
    return user


class SchoolJourneyTests:
    def test_hr_registers_a_partner_and_invites_a_contact_who_accepts(
        self, site, browser, journey, mailoutbox
    ):
        school = Organisation.objects.create(name="ROC Oost")
        account("hr@roc.nl", school, Role.HR)

        page = journey.page
        log_in(page, site.url, "hr@roc.nl")
        page.goto(site.url + "/organisatie/")
        page.locator(f"a[href='/werkveld/school/{school.pk}/partners/']").click()
        page.locator("#id_name").fill("Zorggroep Rivierenland")
        page.locator("#id_city").fill("Tiel")
        journey.check("partners of the school")
        page.locator("main form button[type=submit]").click()
        page.get_by_role("link", name="Zorggroep Rivierenland").click()
        page.locator("#id_name").fill("Petra Planner")
        page.locator("#id_email").fill("planner@zorggroep.nl")
        page.locator("#id_account").check()
        journey.check("a partner")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("main table").first).to_contain_text("planner@zorggroep.nl")

        contact = Contact.objects.get(email="planner@zorggroep.nl")
        assert contact.user is None and contact.partner.organisation == school  # not before accepting
        [mail] = mailoutbox
        assert mail.to == ["planner@zorggroep.nl"]
        link = next(word for word in mail.body.split() if "/uitnodiging/" in word)

        # The contact opens the mailed link, makes an account with it and lands on the partner's side.
        contact_context = browser.new_context()
        partner_page = contact_context.new_page()
        partner_page.goto(link)
        expect(partner_page.locator("#id_first_name")).to_have_value("Petra")
        journey.check("invitation with an account form", partner_page)
        partner_page.locator("#id_new_password1").fill(PASSWORD)
        partner_page.locator("#id_new_password2").fill("niet-hetzelfde")
        partner_page.locator("main form button[type=submit]").click()
        expect(partner_page.locator(".error-summary")).to_be_visible()
        expect(partner_page.locator("#id_first_name")).to_have_value("Petra")  # nothing typed is lost
        journey.check("invitation with an error", partner_page)
        partner_page.locator("#id_new_password1").fill(PASSWORD)
        partner_page.locator("#id_new_password2").fill(PASSWORD)
        partner_page.locator("main form button[type=submit]").click()
        expect(partner_page).to_have_url(re.compile(r"/werkveld/partner/$"))
        contact.refresh_from_db()
        assert contact.user is not None
        assert Membership.objects.filter(user=contact.user, organisation=school, role=Role.PARTNER).exists()
        contact_context.close()


class PartnerJourneyTests:
    def test_an_offer_goes_from_the_partner_to_the_teachers_plan(self, site, browser, journey):
        school = Organisation.objects.create(name="ROC Oost")
        team = Team.objects.create(organisation=school, name="Zorg en welzijn")
        partner = Partner.objects.create(organisation=school, name="Zorggroep Rivierenland", city="Tiel")
        contact = account("planner@zorggroep.nl", school, Role.PARTNER, first_name="Petra")
        Contact.objects.create(partner=partner, name="Petra Planner", email=contact.email, user=contact)
        account("docent@roc.nl", school, Role.TEACHER, team=team, first_name="Daan")
        first, last = schoolyear.bounds(schoolyear.school_year_for(date.today()))
        start, end = max(date.today(), first), min(max(date.today(), first) + timedelta(60), last)

        # The partner posts an offer.
        page = journey.page
        log_in(page, site.url, "planner@zorggroep.nl")
        page.goto(site.url + "/werkveld/partner/")
        journey.check("partner home")
        page.goto(site.url + "/werkveld/partner/aanbod/nieuw/")
        page.locator("#id_kind").select_option("docentstage")
        page.locator("#id_title").fill("Twee weken meelopen in de wijkzorg")
        page.locator("#id_description").fill(
            "Je loopt mee met een wijkverpleegkundige en ziet de zorg van nu."
        )
        page.locator("#id_start_date").fill(start.isoformat())
        page.locator("#id_end_date").fill(end.isoformat())
        page.locator("#id_places").fill("2")
        journey.check("new offer")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("main")).to_contain_text("Twee weken meelopen in de wijkzorg")

        # The teacher finds it on the catalogue's activity page and in the list of offers, and asks.
        teacher_context = browser.new_context()
        teacher = teacher_context.new_page()
        log_in(teacher, site.url, "docent@roc.nl")
        teacher.goto(site.url + "/activiteiten/docentstage/")
        expect(teacher.locator("main")).to_contain_text("Twee weken meelopen in de wijkzorg")
        journey.check("activity page with offers", teacher)
        teacher.goto(site.url + "/werkveld/")
        journey.check("offers", teacher)
        teacher.get_by_role("link", name="Twee weken meelopen in de wijkzorg").click()
        teacher.locator("#id_message").fill("Ik geef les in verpleegkunde en wil de wijkzorg van nu zien.")
        journey.check("offer", teacher)
        teacher.locator("main form button[type=submit]").click()
        expect(teacher).to_have_url(re.compile(r"/werkveld/mijn-aanvragen/"))
        journey.check("my requests", teacher)

        # The partner accepts.
        page.goto(site.url + "/werkveld/partner/")
        page.locator("a[href*='/werkveld/partner/aanvraag/']").first.click()
        journey.check("answer a request")
        page.locator("input[name=decision][value=accept]").check()
        page.locator("#id_answer").fill("Welkom! Maandag om half negen bij de ingang.")
        page.locator("main form button[type=submit]").click()

        # The teacher puts it in the plan.
        teacher.goto(site.url + "/werkveld/mijn-aanvragen/")
        expect(teacher.locator("main")).to_contain_text("Welkom! Maandag om half negen")
        teacher.locator("form[action$='/in-mijn-plan/'] button").click()
        expect(teacher).to_have_url(re.compile(r"/ontwikkelplan/item/\d+/"))
        journey.check("plan item from an offer", teacher)
        item = PlanItem.objects.get(plan__user__email="docent@roc.nl")
        assert item.activity.code == "docentstage" and "Zorggroep Rivierenland" in item.goal
        teacher_context.close()

        # The partner withdraws the offer: the page asks first and says what happens to the requests.
        page.goto(site.url + "/werkveld/partner/")
        page.locator("table.workfield-offers a").first.click()
        page.locator("a[href$='/intrekken/']").click()
        expect(page.locator("main")).to_contain_text("Twee weken meelopen in de wijkzorg")
        journey.check("withdraw an offer?")
        page.locator("form.confirm-form button[type=submit]").click()
        expect(page).to_have_url(re.compile(r"/werkveld/partner/$"))
        assert Offer.objects.get().withdrawn


class CurriculumAndOwnActivityJourneyTests:
    def test_a_curriculum_developer_sees_the_view_and_an_own_activity_is_recommended(
        self, site, browser, journey
    ):
        school = Organisation.objects.create(name="ROC Oost")
        team = Team.objects.create(organisation=school, name="Zorg en welzijn")
        account("curriculum@roc.nl", school, Role.CURRICULUM)
        account("docent@roc.nl", school, Role.TEACHER, team=team)

        page = journey.page
        log_in(page, site.url, "curriculum@roc.nl")
        page.goto(site.url + f"/werkveld/school/{school.pk}/curriculum/")
        expect(page.locator("h1")).to_be_visible()
        journey.check("curriculum view")
        page.goto(site.url + f"/organisatie/school/{school.pk}/activiteiten/")
        page.locator("#id_name").fill("Regionaal netwerk zorgdocenten")
        page.locator("#id_category").select_option("practice")
        page.locator("input[name=learning][value=informal]").check()
        page.locator("#id_estimated_hours").fill("1")
        page.locator("#id_contribution_workfield").fill(
            "Docenten leren van praktijkvoorbeelden uit de regio."
        )
        journey.check("own activities")
        page.locator("main form button[type=submit]").click()
        expect(page.locator("main table")).to_contain_text("Regionaal netwerk zorgdocenten")

        teacher_context = browser.new_context()
        teacher = teacher_context.new_page()
        log_in(teacher, site.url, "docent@roc.nl")
        teacher.goto(site.url + "/zelfscan/")
        for radio in teacher.locator("input[type=radio][value='2']").all():
            radio.check()
        teacher.locator("#id_hours_available").fill("1")  # only the one-hour own activity fits
        teacher.locator("main form button[type=submit]").click()
        expect(teacher.locator("ol.recommendations")).to_contain_text("Regionaal netwerk zorgdocenten")
        journey.check("scan with an own activity", teacher)
        teacher_context.close()
