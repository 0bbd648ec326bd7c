import re

from playwright.sync_api import expect

PASSWORD = "Een-lang-wachtwoord-2026"


def answer(page, prefix: str, value: str) -> None:
    """Choose the same answer for every statement whose field name starts with prefix."""
    for radio in page.locator(f"input[type=radio][name^='{prefix}'][value='{value}']").all():
        radio.check()


class TeacherJourneyTests:
    def test_a_visitor_takes_the_scan_gets_a_mix_and_keeps_it_by_signing_up(self, site, page, journey):
        page.goto(site.url)
        page.get_by_role("link", name="Zelfscan").first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Zelfscan")
        journey.check("scan form")

        # Submitting with one statement unanswered: the error is named and what was chosen stays chosen.
        answer(page, "s_", "4")
        page.get_by_label("Beschikbare uren voor ontwikkeling dit schooljaar").fill("900")
        page.get_by_role("button", name="Toon mijn resultaat").click()
        expect(page.locator(".error-summary")).to_be_visible()
        journey.check("scan form with error")
        expect(page.locator("input[name^='s_competence'][value='4']").first).to_be_checked()

        page.get_by_label("Beschikbare uren voor ontwikkeling dit schooljaar").fill("60")
        answer(page, "s_identity", "1")
        page.get_by_role("button", name="Toon mijn resultaat").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Resultaat van je zelfscan")
        expect(page.locator("svg.chart")).to_be_visible()
        expect(page.locator("ol.recommendations > li")).to_have_count(5)
        journey.check("scan result visitor")

        page.get_by_role("link", name="Maak een account aan en bewaar dit resultaat").click()
        page.get_by_label("E-mailadres").fill("docent@school.nl")
        page.get_by_label("Voornaam").fill("Fatima")
        page.locator("#id_password1").fill(PASSWORD)
        page.locator("#id_password2").fill(PASSWORD)
        journey.check("signup")
        page.get_by_role("button", name="Account aanmaken").click()
        expect(page.get_by_role("heading", name="Je eerdere scans")).to_be_visible()
        page.locator("a[href^='/zelfscan/']").filter(has_text=re.compile(r"\d{4}")).first.click()
        expect(page.locator("ol.recommendations > li")).to_have_count(5)
        journey.check("saved scan")

        page.get_by_role("link", name="Mijn account").click()
        journey.check("my account")
        page.get_by_role("button", name="Uitloggen").click()
        expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
