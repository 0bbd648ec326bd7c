import re

import pytest
from django.urls import reverse

from ontwikkelwijzer.framework.selectors import framework_marker_forget

pytestmark = pytest.mark.django_db

PAGES = [
    ("home", {}),
    ("framework:catalogue", {}),
    ("framework:activity", {"code": "docentstage"}),
    ("framework:about", {}),
    ("framework:audiences", {}),
    ("framework:learning", {}),
    ("framework:justification", {}),
]


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[ >]", html))


class PageTests:
    @pytest.mark.parametrize(("name", "kwargs"), PAGES)
    def test_every_page_answers_in_dutch_with_one_heading(self, client, framework, name, kwargs):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="nl">' in html
        assert h1_count(html) == 1
        assert 'href="#main"' in html and "Naar de inhoud" in html

    @pytest.mark.parametrize(("name", "kwargs"), PAGES)
    def test_every_page_is_available_in_english(self, client, framework, name, kwargs):
        client.cookies["django_language"] = "en"
        response = client.get(reverse(name, kwargs=kwargs))
        assert '<html lang="en">' in response.content.decode()
        assert "Skip to content" in response.content.decode()

    def test_a_browser_set_to_english_still_gets_dutch(self, client, framework):
        response = client.get(reverse("home"), headers={"accept-language": "en-US,en;q=0.9"})
        assert '<html lang="nl">' in response.content.decode()

    def test_the_language_switch_keeps_the_page(self, client, framework):
        url = reverse("framework:catalogue") + "?aspect=identity"
        html = client.get(url).content.decode()
        assert 'hreflang="en"' in html
        response = client.get(reverse("set_language"), {"language": "en", "next": url})
        assert response.status_code == 302 and response["Location"] == url
        assert '<html lang="en">' in client.get(url).content.decode()

    def test_the_language_switch_refuses_a_foreign_target_and_unknown_language(self, client, framework):
        response = client.get(reverse("set_language"), {"language": "xx", "next": "https://evil.example/"})
        assert response["Location"] == "/"
        assert "django_language" not in response.cookies

    def test_an_unknown_activity_gives_a_real_404_page(self, client, framework):
        response = client.get(reverse("framework:activity", kwargs={"code": "bestaat-niet"}))
        assert response.status_code == 404
        assert "Pagina niet gevonden" in response.content.decode()

    def test_an_unknown_address_gives_the_404_page(self, client, framework):
        response = client.get("/dit/bestaat/niet/")
        assert response.status_code == 404 and "Pagina niet gevonden" in response.content.decode()


class CataloguePageTests:
    def test_it_shows_all_activities_grouped_by_category_with_contributions(self, client, framework):
        html = client.get(reverse("framework:catalogue")).content.decode()
        for category in framework.categories.all():
            assert category.name in html
        for activity in framework.activities.all():
            assert reverse("framework:activity", kwargs={"code": activity.code}) in html
        assert "Docent leert actuele technieken en procedures" in html
        assert "34 activiteiten getoond" in html

    def test_filters_and_search_are_reflected_in_the_url_and_form(self, client, framework):
        response = client.get(reverse("framework:catalogue"), {"q": "beoordelen", "category": "practice"})
        html = response.content.decode()
        assert 'value="beoordelen"' in html
        assert '<option value="practice" selected>' in html
        assert "?q=beoordelen&amp;category=practice" in html
        assert "Co-assessment met praktijkopleiders" in html
        assert "Lezen van specialistische vakliteratuur" not in html

    def test_it_says_what_it_ignored(self, client, framework):
        response = client.get(reverse("framework:catalogue"), {"aspect": "<b>x</b>", "kleur": "blauw"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
        assert "genegeerd" in html and "kleur" in html
        assert "34 activiteiten getoond" in html

    def test_it_says_when_nothing_matches(self, client, framework):
        html = client.get(reverse("framework:catalogue"), {"q": "zwemmen"}).content.decode()
        assert "0 activiteiten getoond" in html and "Geen activiteit" in html

    def test_the_matrix_cells_link_to_their_filtered_list(self, client, framework):
        html = client.get(reverse("framework:catalogue")).content.decode()
        link = re.search(
            r'href="(/activiteiten/\?category=development&amp;aspect=identity)"[^>]*>(\d+)<', html
        )
        assert link, "no matrix cell for development x identity"
        count = int(link.group(2))
        filtered = client.get(link.group(1).replace("&amp;", "&")).content.decode()
        assert f"{count} activiteiten getoond" in filtered

    def test_its_query_count_does_not_depend_on_filters(
        self, client, framework, django_assert_max_num_queries
    ):
        """The framework is read once per process (``framework_snapshot``); after that a page costs at
        most the framework marker's query (for the page cache's key and for the page; the tests remember it
        for 0 s), whatever it shows."""
        with django_assert_max_num_queries(12):
            client.get(reverse("framework:catalogue"))
        for filters in ({"aspect": "identity"}, {"q": "stage werkveld", "aspect": "workfield"}, {"q": "x"}):
            framework_marker_forget()
            with django_assert_max_num_queries(2, info=str(filters)):
                client.get(reverse("framework:catalogue"), filters)


class ActivityPageTests:
    def test_it_shows_contributions_evidence_and_complements(self, client, framework):
        html = client.get(reverse("framework:activity", kwargs={"code": "docentstage"})).content.decode()
        assert "Docentstage" in html
        assert "Verdieping contact met werkveldpartner" in html
        assert "Formeel (F)" in html
        assert "Tussenrapportage Docenten maken het verschil" in html  # phase-1 evidence
        assert "Andersson et al. (2018)" in html  # literature on the category
        assert "Aanvullende activiteiten" in html
        # docentstage names no identity contribution: a complement adds it
        assert re.search(r"voegt toe:?\s*[^<]*Beroepsidentiteit", html)

    def test_an_activity_only_in_phase_one_is_listed_on_the_justification_page(self, client, framework):
        html = client.get(reverse("framework:justification")).content.decode()
        assert "alumni" in html and "PDG-pilot" in html and "manifest" in html.lower()
        assert "Andersson, P., Hellgren, M., &amp; Köpsén, S. (2018)" in html
