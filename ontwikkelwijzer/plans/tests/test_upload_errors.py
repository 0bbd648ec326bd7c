"""A log entry that comes back with an error (a file over the limit, most often) opens at its error summary,
keeps everything typed, and says that the file must be chosen again: a browser cannot keep it."""

from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import MAX_UPLOAD_BYTES
from ontwikkelwijzer.plans.models import LogEntry

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
CHOOSE_AGAIN = "was not saved. Choose the file again (or another one) before you save"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def item(framework):
    teacher = User.objects.create_user(email="docent@school.nl", password="x")
    plan = services.plan_get_or_create(user=teacher, school_year=schoolyear.school_year_for(date.today()))
    activity = framework.activities.get(code="docentstage")
    return services.plan_item_from_activity(
        plan=plan, activity=activity, aspects=list(framework.aspects.filter(code="competence"))
    )


@pytest.fixture
def client_en(client, item):
    client.force_login(item.plan.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def typed(**extra) -> dict:
    # In the order a browser sends them: the fields first, the file last.
    return {
        "date": date.today().isoformat(),
        "description": "Wat ik typte blijft staan",
        "hours_spent": "2.5",
        "evidence_url": "https://example.org/verslag",
        **extra,
    }


def post(client, item, data):
    return client.post(reverse("plans:log_add", args=[item.pk]), data)


def log_form_html(html: str) -> str:
    start = html.index('id="log-add-heading"')
    return html[start : html.index("</form>", start)]


class UploadErrorTests:
    def test_a_file_over_the_limit_comes_back_at_the_summary_with_everything_else_kept(self, client_en, item):
        big = SimpleUploadedFile("groot-verslag.pdf", b"%PDF" + b"x" * (MAX_UPLOAD_BYTES + MB))
        response = post(client_en, item, typed(evidence_file=big))
        assert response.status_code == 200
        assert not LogEntry.objects.exists()
        form = response.context["log_form"]
        assert form.has_error("evidence_file", "too_large") and form.has_error(
            "evidence_file", "choose_again"
        )
        html = response.content.decode()
        # The page opens at the form (the fragment of its action), which starts with the summary.
        assert f'action="{reverse("plans:log_add", args=[item.pk])}#log-add-heading"' in html
        part = log_form_html(html)
        summary = part[part.index('class="error-summary"') : part.index("</div>")]
        assert 'role="alert"' in summary and 'tabindex="-1"' in summary
        assert 'href="#id_evidence_file"' in summary
        assert "The file is larger than 10 MB." in summary and CHOOSE_AGAIN in summary
        assert "groot-verslag.pdf" in summary  # which file to choose again
        assert part.index('class="error-summary"') < part.index('id="id_date"')
        # Next to the field too, and everything else as typed.
        field_error = part[part.index('id="id_evidence_file_error"') :]
        assert CHOOSE_AGAIN in field_error[: field_error.index("</ul>")]
        assert "Wat ik typte blijft staan" in part
        assert f'value="{date.today().isoformat()}"' in part
        assert 'value="2.5"' in part
        assert 'value="https://example.org/verslag"' in part

    def test_a_good_file_must_be_chosen_again_when_another_field_is_wrong(self, client_en, item):
        response = post(
            client_en,
            item,
            typed(hours_spent="-1", evidence_file=SimpleUploadedFile("verslag.pdf", PDF_BYTES)),
        )
        assert response.status_code == 200 and not LogEntry.objects.exists()
        form = response.context["log_form"]
        assert form.has_error("hours_spent") and form.has_error("evidence_file", "choose_again")
        assert not form.has_error("evidence_file", "too_large")
        assert "“verslag.pdf” " + CHOOSE_AGAIN in response.content.decode()

    def test_without_a_file_there_is_nothing_to_choose_again(self, client_en, item):
        response = post(client_en, item, typed(hours_spent="-1"))
        assert response.status_code == 200
        assert not response.context["log_form"].has_error("evidence_file")
        assert CHOOSE_AGAIN not in response.content.decode()

    def test_a_good_entry_with_a_file_opens_the_page_at_its_message(self, client_en, item):
        response = post(client_en, item, typed(evidence_file=SimpleUploadedFile("verslag.pdf", PDF_BYTES)))
        assert response.status_code == 302
        # A fragment of its own: without one, a browser keeps the form's #log-add-heading.
        assert response["Location"] == reverse("plans:item", args=[item.pk]) + "#main"
        assert LogEntry.objects.get().evidence_name == "verslag.pdf"

    def test_the_log_form_warns_before_leaving_it_unsaved(self, client_en, item):
        html = client_en.get(reverse("plans:item", args=[item.pk])).content.decode()
        form_tag = html[html.index("<form", html.index('id="log-add-heading"')) :]
        assert "data-warn-unsaved" in form_tag[: form_tag.index(">")]
