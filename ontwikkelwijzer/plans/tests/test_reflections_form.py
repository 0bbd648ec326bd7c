"""Check: the reflections on all the aspects of an item are one form with one save button, so filling in
three and saving never drops two; an aspect left empty is not saved, one filled in halfway comes back with
everything typed."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.models import Reflection

pytestmark = pytest.mark.django_db
ASPECTS = ("competence", "identity", "workfield")


@pytest.fixture
def teacher():
    return User.objects.create_user(email="docent@school.nl", password="x")


def make_item(framework, teacher, codes=ASPECTS):
    plan = services.plan_get_or_create(user=teacher, school_year=schoolyear.school_year_for(date.today()))
    return services.plan_item_from_activity(
        plan=plan,
        activity=framework.activities.get(code="docentstage"),
        aspects=list(framework.aspects.filter(code__in=codes)),
    )


@pytest.fixture
def item(framework, teacher):
    return make_item(framework, teacher)


@pytest.fixture
def client_en(client, teacher):
    """Signed in, with English chosen in the header: the texts asserted are the msgids."""
    client.force_login(teacher)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def fields(**aspects: tuple[str, str]) -> dict:
    """{"competence": ("4", "tekst")} as the form posts it; aspects not named are posted empty."""
    data = {}
    for code in ASPECTS:
        rating, text = aspects.get(code, ("", ""))
        data[f"r-{code}-rating"] = rating
        data[f"r-{code}-text"] = text
    return data


def reflect(client, item, data):
    return client.post(reverse("plans:reflect", args=[item.pk]), data)


def saved(item) -> dict:
    return {r.aspect.code: (r.rating, r.text) for r in Reflection.objects.filter(item=item)}


class ReflectionsFormTests:
    def test_the_item_page_has_one_form_with_one_save_button_for_all_aspects(self, client_en, item):
        html = client_en.get(reverse("plans:item", args=[item.pk])).content.decode()
        section = html[html.index('<section id="reflection"') :]
        section = section[: section.index("</section>")]
        assert section.count("<form") == 1 and section.count('type="submit"') == 1
        assert f'action="{reverse("plans:reflect", args=[item.pk])}#reflection-heading"' in section
        for code in ASPECTS:
            assert f'id="id_r-{code}-rating_1"' in section and f'id="id_r-{code}-text"' in section
        assert "data-warn-unsaved" in section
        assert "Save reflections" in section

    def test_three_reflections_are_saved_in_one_post(self, client_en, item):
        response = reflect(
            client_en,
            item,
            fields(
                competence=("4", "Ik begeleid stages beter"),
                identity=("3", "Ik zie mezelf meer als vakman"),
                workfield=("5", "Nieuwe contacten bij het bedrijf"),
            ),
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("plans:item", args=[item.pk]) + "#main"
        assert saved(item) == {
            "competence": (4, "Ik begeleid stages beter"),
            "identity": (3, "Ik zie mezelf meer als vakman"),
            "workfield": (5, "Nieuwe contacten bij het bedrijf"),
        }
        page = client_en.get(response["Location"]).content.decode()
        assert "Your reflections on" in page and "were saved" in page
        assert re.search(r'<input[^>]*value="5"[^>]*id="id_r-workfield-rating_5"[^>]*checked', page)
        assert "Nieuwe contacten bij het bedrijf" in page

    def test_an_aspect_left_empty_is_not_saved_and_not_an_error(self, client_en, item):
        response = reflect(client_en, item, fields(identity=("2", "Een beetje")))
        assert response.status_code == 302
        assert saved(item) == {"identity": (2, "Een beetje")}
        page = client_en.get(response["Location"]).content.decode()
        assert "Your reflection on" in page and "was saved" in page

    def test_saving_updates_what_was_saved_and_leaves_the_rest_as_it_was(self, client_en, item, framework):
        aspects = {a.code: a for a in framework.aspects.all()}
        services.reflection_save(item=item, aspect=aspects["competence"], rating=2, text="Eerst")
        services.reflection_save(item=item, aspect=aspects["identity"], rating=3, text="Ongewijzigd")
        untouched = Reflection.objects.get(item=item, aspect__code="identity").updated_at
        data = fields(competence=("5", "Nu beter"), identity=("3", "Ongewijzigd"), workfield=("1", "Niets"))
        assert reflect(client_en, item, data).status_code == 302
        assert saved(item) == {
            "competence": (5, "Nu beter"),
            "identity": (3, "Ongewijzigd"),
            "workfield": (1, "Niets"),
        }
        assert Reflection.objects.get(item=item, aspect__code="identity").updated_at == untouched
        # Emptied, a saved reflection is not thrown away.
        assert reflect(client_en, item, fields()).status_code == 302
        assert len(saved(item)) == 3

    def test_nothing_to_save_says_so(self, client_en, item):
        response = reflect(client_en, item, fields())
        assert response.status_code == 302 and not Reflection.objects.exists()
        assert "There was nothing new to save." in client_en.get(response["Location"]).content.decode()

    def test_a_half_filled_aspect_is_an_error_next_to_it_and_everything_typed_comes_back(
        self, client_en, item
    ):
        data = fields(
            competence=("4", "Volledig ingevuld"),
            identity=("3", ""),  # a rating without words
            workfield=("", "Woorden zonder cijfer"),
        )
        response = reflect(client_en, item, data)
        html = response.content.decode()
        assert response.status_code == 200
        assert not Reflection.objects.exists()  # not even the whole one: the form comes back as one
        form = response.context["reflections_form"]
        by_code = {f.aspect.code: f for f in form}
        assert by_code["identity"].has_error("text", "text_missing")
        assert by_code["workfield"].has_error("rating", "rating_missing")
        assert not by_code["competence"].errors
        # next to the field, and in a summary at the top of the form that links to it
        assert 'id="id_r-identity-text_error"' in html and 'id="id_r-workfield-rating_error"' in html
        summary = html[html.index('class="error-summary"') :]
        summary = summary[: summary.index("</div>")]
        assert 'role="alert"' in summary
        assert 'href="#id_r-identity-text"' in summary and 'href="#id_r-workfield-rating_0"' in summary
        assert html.index('class="error-summary"') < html.index('id="id_r-competence-rating_0"')
        # everything typed is still there
        assert "Volledig ingevuld" in html and "Woorden zonder cijfer" in html
        assert re.search(r'<input[^>]*value="4"[^>]*id="id_r-competence-rating_4"[^>]*checked', html)
        assert re.search(r'<input[^>]*value="3"[^>]*id="id_r-identity-rating_3"[^>]*checked', html)

    def test_a_rating_off_the_scale_is_refused_next_to_the_field(self, client_en, item):
        response = reflect(client_en, item, fields(competence=("9", "Mijn eigen woorden")))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="id_r-competence-rating_error"' in html
        assert 'href="#id_r-competence-rating_0"' in html
        assert "Mijn eigen woorden" in html
        assert not Reflection.objects.exists()

    def test_fields_for_an_aspect_the_item_does_not_have_are_ignored(self, client_en, framework, teacher):
        item = make_item(framework, teacher, codes=("competence",))
        response = reflect(client_en, item, fields(identity=("3", "Niet van dit item")))
        assert response.status_code == 302 and not Reflection.objects.exists()

    def test_a_form_from_before_one_aspect_per_form_still_saves_its_aspect(self, client_en, item):
        # A tab opened before this change posts one aspect with its code.
        data = {"aspect": "workfield", "r-workfield-rating": "4", "r-workfield-text": "Uit een oude tab"}
        assert reflect(client_en, item, data).status_code == 302
        assert saved(item) == {"workfield": (4, "Uit een oude tab")}

    def test_saving_costs_the_same_few_queries_for_one_or_three_aspects(
        self, client_en, framework, teacher, django_assert_max_num_queries
    ):
        one = make_item(framework, teacher, codes=("competence",))
        with CaptureQueriesContext(connection) as for_one:
            reflect(client_en, one, fields(competence=("4", "Een")))
        three = make_item(framework, teacher)
        data = fields(competence=("4", "Een"), identity=("3", "Twee"), workfield=("2", "Drie"))
        with django_assert_max_num_queries(len(for_one)) as for_three:
            response = reflect(client_en, three, data)
        assert response.status_code == 302 and len(saved(three)) == 3
        assert len(for_three) <= 10  # session, user, item, saved, aspects, the write, the counters
        writes = [q["sql"] for q in for_three.captured_queries if "plans_reflection" in q["sql"]]
        assert len(writes) == 2  # read what is saved, then one insert-or-update for all three


class UnsavedWarningTests:
    def test_the_script_is_a_same_origin_file_the_policy_allows(self, client_en, item):
        response = client_en.get(reverse("plans:item", args=[item.pk]))
        html = response.content.decode()
        assert '<script src="/static/js/unsaved.js" defer></script>' in html
        assert re.search(r"script-src 'self'", response["Content-Security-Policy"])
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        script = finders.find("js/unsaved.js")
        assert script
        source = Path(script).read_text(encoding="utf-8")
        assert "form[data-warn-unsaved]" in source and "beforeunload" in source and "submit" in source

    def test_the_log_and_reflection_forms_are_marked(self, client_en, item):
        html = client_en.get(reverse("plans:item", args=[item.pk])).content.decode()
        forms = re.findall(r"<form [^>]*>", html)
        marked = [form for form in forms if "data-warn-unsaved" in form]
        assert any("logboek" in form for form in marked) and any("reflectie" in form for form in marked)
        assert not any("logout" in form or "uitloggen" in form for form in marked)
