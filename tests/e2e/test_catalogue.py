import re

from playwright.sync_api import expect

from tests.e2e.journey import Journey


class CatalogueJourneyTests:
    def test_it_walks_from_home_through_search_to_an_activity(self, site, page, journey):
        page.goto(site.url)
        expect(page).to_have_title(re.compile("Ontwikkelwijzer"))
        journey.check("home")

        page.get_by_role("link", name="Bekijk de 34 activiteiten").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Ontwikkelactiviteiten")
        journey.check("catalogue")

        page.get_by_label("Zoeken in namen en bijdragen").fill("stages")
        page.get_by_label("Categorie").select_option("practice")
        page.get_by_role("button", name="Toon").click()
        expect(page).to_have_url(re.compile(r"q=stages.*category=practice"))
        first = page.locator("table.catalogue tbody tr th a").first
        expect(first).to_have_text(re.compile("stage", re.I))
        journey.check("search results")

        first.click()
        expect(page.get_by_role("heading", name="Aanvullende activiteiten")).to_be_visible()
        journey.check("activity page")

        page.goto(site.url + "/activiteiten/bestaat-niet/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
        journey.check("not found")

    def test_the_matrix_leads_to_a_filtered_list(self, site, page, journey):
        page.goto(site.url + "/activiteiten/")
        cell = page.locator("#matrix tbody tr").nth(2).locator("td a").nth(1)
        count = cell.inner_text()
        cell.click()
        expect(page).to_have_url(re.compile(r"category=development&aspect=identity"))
        expect(page.locator("p.lead")).to_contain_text(f"{count} activiteit")
        journey.check("matrix filtered")

    def test_the_explanation_pages_pass_axe(self, site, page, journey):
        for path, label in [
            ("/kader/", "about"),
            ("/kader/voor-wie/", "audiences"),
            ("/kader/informeel-en-formeel/", "learning"),
            ("/kader/verantwoording/", "justification"),
        ]:
            page.goto(site.url + path)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            journey.check(label)

    def test_it_works_in_english(self, site, page, journey):
        page.goto(site.url + "/activiteiten/")
        page.get_by_role("link", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text("Development activities")
        journey.check("catalogue english")


class KeyboardAndDeviceTests:
    def test_a_keyboard_user_can_skip_to_the_content_and_sees_focus(self, site, page):
        page.goto(site.url + "/activiteiten/")
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Naar de inhoud")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport()
        page.keyboard.press("Enter")
        expect(page.locator("main")).to_be_focused()
        page.keyboard.press("Tab")  # the first control in the content: the search field
        focused = page.locator(":focus")
        expect(focused).to_have_attribute("id", "filter-q")
        outline = focused.evaluate("el => getComputedStyle(el).outlineStyle")
        assert outline != "none"

    def test_the_filters_can_be_used_with_the_keyboard_only(self, site, page):
        page.goto(site.url + "/activiteiten/")
        page.locator("#filter-q").focus()
        page.keyboard.type("beoordelen")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"q=beoordelen"))
        expect(page.locator("table.catalogue")).to_contain_text("Co-assessment")

    def test_it_works_without_javascript(self, site, browser):
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(site.url + "/activiteiten/")
        page.get_by_label("Informeel of formeel").select_option("formal")
        page.get_by_label("Met het werkveld").select_option("1")
        page.get_by_role("button", name="Toon").click()
        expect(page).to_have_url(re.compile(r"workfield=1"))
        expect(page.locator("table.catalogue").first).to_contain_text("Docentstage")
        context.close()

    def test_the_catalogue_fits_a_phone_screen(self, site, browser, request):
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True
        )
        page = context.new_page()
        page.goto(site.url + "/activiteiten/")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"page is {overflow}px wider than the phone screen"
        Journey(page, request.node.name).check("catalogue phone")
        context.close()
