import re

from playwright.sync_api import expect

PASSWORD = "Een-lang-wachtwoord-2026"


def answer(page, prefix: str, value: str) -> None:
    """Choose the same answer for every statement whose field name starts with prefix."""
    for radio in page.locator(f"input[type=radio][name^='{prefix}'][value='{value}']").all():
        radio.check()


class TeacherJourneyTests:
    def test_a_new_user_scans_plans_logs_reflects_and_downloads_the_pdf(
        self, site, page, journey, mailoutbox
    ):
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
        expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in je e-mail")
        journey.check("check your mail")
        page.goto(re.search(r"http\S+/account/bevestigen/\S+/", mailoutbox[-1].body).group(0))
        journey.check("confirm the address")
        page.locator("main form button[type=submit]").click()
        # Confirmed and logged in: straight to the saved scan's result, with its mix.
        expect(page).to_have_url(re.compile(r"/zelfscan/\d+/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Resultaat van je zelfscan")
        expect(page.locator("ol.recommendations > li")).to_have_count(5)
        journey.check("saved scan")

        # Plan: put three recommendations in the development plan.
        result_url = page.url
        for n in range(3):
            page.goto(result_url)
            page.locator("ol.recommendations > li").nth(n).locator("form button").click()
            expect(page.locator("#id_goal")).to_be_visible()
            if n == 0:
                journey.check("item edit")
            page.locator("#id_goal").fill(f"Doel {n + 1}: meer beroepsverhalen in mijn lessen")
            page.locator("form.form button[type=submit]").click()
            expect(page).to_have_url(re.compile(r"/ontwikkelplan/item/\d+/$"))
        page.goto(page.url.split("/item/")[0] + "/")
        expect(page.locator("table.plan-items tbody tr")).to_have_count(3)
        journey.check("plan")

        # Do: a log entry with a file as evidence.
        page.locator("table.plan-items tbody tr th a").first.click()
        page.locator("#id_description").fill("Een dag meegelopen op de werkvloer")
        page.locator("#id_hours_spent").fill("6")
        page.locator("#id_evidence_file").set_input_files(
            files=[{"name": "verslag.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%verslag\n"}]
        )
        page.locator("#log form.form button[type=submit]").click()
        expect(page.locator(".log-entry")).to_have_count(1)
        expect(page.locator(".log-entry")).to_contain_text("verslag.pdf")
        journey.check("item with log")

        # Check: a reflection on the first aspect (the others left empty for later).
        reflection = page.locator("#reflection form .reflection").first
        reflection.locator("input[type=radio][value='4']").check()
        reflection.locator("textarea").fill("Ik heb nu actuele voorbeelden voor mijn lessen.")
        page.locator("#reflection form button[type=submit]").click()
        expect(page.locator("#reflection")).to_contain_text("Ik heb nu actuele voorbeelden")
        journey.check("item with reflection")

        # The PDF for the yearly conversation.
        page.goto(page.url.split("/item/")[0] + "/")
        with page.expect_download() as download:
            page.locator("a[href$='ontwikkelplan.pdf']").click()
        assert download.value.suggested_filename.endswith(".pdf")
        with open(download.value.path(), "rb") as pdf:
            assert pdf.read(4) == b"%PDF"

        page.get_by_role("link", name="Mijn account").click()
        journey.check("my account")
        page.get_by_role("button", name="Uitloggen").click()
        expect(page.locator("header").get_by_role("link", name="Inloggen")).to_be_visible()
