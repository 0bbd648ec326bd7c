import io
import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.plans import log_forms, services
from ontwikkelwijzer.plans.constants import ItemStatus
from ontwikkelwijzer.plans.models import LogEntry, Reflection

pytestmark = pytest.mark.django_db
PASSWORD = "Een-lang-wachtwoord-2026"
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def teacher():
    return User.objects.create_user(email="docent@school.nl", password=PASSWORD)


@pytest.fixture
def stranger():
    return User.objects.create_user(email="ander@school.nl", password=PASSWORD)


@pytest.fixture
def item(framework, teacher):
    plan = services.plan_get_or_create(user=teacher, school_year=schoolyear.school_year_for(date.today()))
    aspects = list(framework.aspects.filter(code__in=["competence", "workfield"]))
    return services.plan_item_from_activity(
        plan=plan, activity=framework.activities.get(code="docentstage"), aspects=aspects
    )


@pytest.fixture
def logged_in(client, teacher):
    client.force_login(teacher)
    return client


def entry_data(**extra):
    today = date.today().isoformat()
    return {"date": today, "description": "Twee dagen meegelopen", "hours_spent": "16", **extra}


def add(client, item, **extra):
    return client.post(reverse("plans:log_add", args=[item.pk]), entry_data(**extra))


def make_entry(item, **extra):
    return services.log_entry_create(
        item=item, day=date.today(), description="Meegelopen", hours_spent=4, **extra
    )


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


class ItemPageTests:
    def test_it_shows_the_log_and_a_reflection_form_per_aspect(self, logged_in, item):
        html = logged_in.get(reverse("plans:item", args=[item.pk])).content.decode()
        assert 'id="log"' in html and 'id="reflection"' in html
        assert 'enctype="multipart/form-data"' in html
        # the page opens at the form when it comes back with an error (test_upload_errors.py)
        assert f'action="{reverse("plans:log_add", args=[item.pk])}#log-add-heading"' in html
        assert 'id="id_evidence_file"' in html
        assert 'id="id_r-competence-rating_0"' in html and 'id="id_r-workfield-text"' in html
        assert 'id="id_r-identity-rating_0"' not in html  # not an aspect of this item
        assert html.count(f'action="{reverse("plans:reflect", args=[item.pk])}#reflection-heading"') == 1
        assert f'value="{date.today().isoformat()}"' in html  # the date starts at today
        assert 'style="' not in html  # strict CSP: no inline style, and scripts only as files
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/unsaved.js" defer>']


class LogEntryTests:
    def test_it_saves_an_entry_with_a_link(self, logged_in, item):
        response = add(logged_in, item, evidence_url="https://example.org/verslag")
        assert response.status_code == 302
        # at the top, where the message is, not at the form's #log-add-heading a browser would keep
        assert response["Location"] == reverse("plans:item", args=[item.pk]) + "#main"
        entry = item.log_entries.get()
        assert entry.evidence_url == "https://example.org/verslag" and not entry.evidence_file
        item.refresh_from_db()
        assert item.status == ItemStatus.IN_PROGRESS
        html = logged_in.get(reverse("plans:item", args=[item.pk])).content.decode()
        assert "Twee dagen meegelopen" in html
        assert 'href="https://example.org/verslag" rel="noopener noreferrer"' in html
        assert f'href="{reverse("plans:log_delete", args=[entry.pk])}"' in html  # asks first (test_trash.py)

    def test_it_saves_a_pdf_and_offers_it_only_as_a_download(self, logged_in, item, _media):
        upload = SimpleUploadedFile("Verslag stage.pdf", PDF_BYTES, content_type="application/pdf")
        response = add(logged_in, item, evidence_file=upload)
        assert response.status_code == 302
        entry = item.log_entries.get()
        assert entry.evidence_name == "Verslag stage.pdf"
        assert (Path(_media) / entry.evidence_file.name).read_bytes() == PDF_BYTES
        item.refresh_from_db()
        assert item.status == ItemStatus.IN_PROGRESS

        html = logged_in.get(reverse("plans:item", args=[item.pk])).content.decode()
        assert f'href="{reverse("plans:evidence", args=[entry.pk])}"' in html
        assert "/media/" not in html

        download = logged_in.get(reverse("plans:evidence", args=[entry.pk]))
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF_BYTES
        assert download["Content-Type"] == "application/pdf"
        assert download["Content-Disposition"].startswith("attachment;")
        assert "Verslag stage.pdf" in download["Content-Disposition"]
        assert download["X-Content-Type-Options"] == "nosniff"
        assert "private" in download["Cache-Control"]

    def test_it_accepts_office_documents_and_utf8_text(self, logged_in, item):
        docx = SimpleUploadedFile("plan.DOCX", docx_bytes())
        assert add(logged_in, item, evidence_file=docx).status_code == 302
        text = SimpleUploadedFile("notities.txt", "Geleerd: één ding".encode())
        assert add(logged_in, item, evidence_file=text).status_code == 302
        assert item.log_entries.count() == 2

    def test_it_keeps_hours_and_shows_the_total(self, logged_in, item):
        add(logged_in, item, hours_spent="2.5")
        add(logged_in, item, hours_spent="4")
        response = logged_in.get(reverse("plans:item", args=[item.pk]))
        assert response.context["hours_spent"] == Decimal("6.5")
        assert [str(e.hours_spent) for e in response.context["log_entries"]] == ["4.0", "2.5"]

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("programma.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
            ("verslag.pdf", b"MZ\x90\x00\x03\x00 not a pdf"),
            ("foto.png", PDF_BYTES),
            ("plan.docx", b"PK\x03\x04 but not a real zip"),
            ("programma.jar.docx", b"PK\x03\x04" + b"\x00" * 40),
            ("notities.txt", b"\xff\xfe\x00\x00binary"),
        ],
    )
    def test_it_refuses_a_wrong_type_next_to_the_field_and_keeps_what_was_typed(
        self, logged_in, item, name, content
    ):
        response = add(logged_in, item, evidence_file=SimpleUploadedFile(name, content))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="id_evidence_file_error"' in html
        assert 'href="#id_evidence_file"' in html  # the error summary links to the field
        assert "Twee dagen meegelopen" in html
        assert response.context["log_form"].has_error("evidence_file")
        assert not LogEntry.objects.exists()

    def test_it_refuses_a_file_over_the_size_limit(self, logged_in, item, monkeypatch):
        monkeypatch.setattr(log_forms, "MAX_UPLOAD_BYTES", 10)
        response = add(logged_in, item, evidence_file=SimpleUploadedFile("verslag.pdf", PDF_BYTES))
        html = response.content.decode()
        assert response.status_code == 200
        assert response.context["log_form"].has_error("evidence_file", code="too_large")
        assert 'id="id_evidence_file_error"' in html and "Twee dagen meegelopen" in html
        assert not LogEntry.objects.exists()

    def test_it_refuses_a_link_that_is_not_http(self, logged_in, item):
        response = add(logged_in, item, evidence_url="javascript:alert(1)")
        assert 'id="id_evidence_url_error"' in response.content.decode()
        assert not LogEntry.objects.exists()

    def test_it_refuses_a_date_outside_the_school_year_or_in_the_future(self, logged_in, item):
        first, _last = schoolyear.bounds(item.plan.school_year)
        for day in (first - timedelta(days=1), date.today() + timedelta(days=1)):
            response = add(logged_in, item, date=day.isoformat())
            assert response.status_code == 200
            assert 'id="id_date_error"' in response.content.decode()
            assert "Twee dagen meegelopen" in response.content.decode()
        assert not LogEntry.objects.exists()
        item.refresh_from_db()
        assert item.status == ItemStatus.PLANNED

    def test_it_only_accepts_posts(self, logged_in, item):
        assert logged_in.get(reverse("plans:log_add", args=[item.pk])).status_code == 405

    def test_it_deletes_an_entry_to_the_trash_after_asking_and_keeps_the_file_for_restoring(
        self, logged_in, item, _media
    ):
        entry = make_entry(item, evidence_file=SimpleUploadedFile("verslag.pdf", PDF_BYTES))
        path = Path(_media) / entry.evidence_file.name
        assert path.exists()
        assert logged_in.post(reverse("plans:log_delete", args=[entry.pk])).status_code == 200  # asks
        assert LogEntry.objects.exists()
        response = logged_in.post(reverse("plans:log_delete", args=[entry.pk]), {"confirm": "yes"})
        assert response.status_code == 302
        assert response["Location"] == reverse("plans:item", args=[item.pk])
        assert not LogEntry.objects.exists()
        assert path.exists()  # until the trash is purged (test_trash.py)

    def test_evidence_without_a_file_is_not_found(self, logged_in, item):
        entry = make_entry(item, evidence_url="https://example.org/")
        assert logged_in.get(reverse("plans:evidence", args=[entry.pk])).status_code == 404


class OwnershipTests:
    def test_someone_else_gets_404_for_everything(self, client, stranger, item):
        entry = make_entry(item, evidence_file=SimpleUploadedFile("verslag.pdf", PDF_BYTES))
        client.force_login(stranger)
        assert client.post(reverse("plans:log_add", args=[item.pk]), entry_data()).status_code == 404
        assert client.post(reverse("plans:log_delete", args=[entry.pk])).status_code == 404
        assert client.get(reverse("plans:evidence", args=[entry.pk])).status_code == 404
        reflect = {"aspect": "competence", "r-competence-rating": "3", "r-competence-text": "x"}
        assert client.post(reverse("plans:reflect", args=[item.pk]), reflect).status_code == 404
        assert client.post(reverse("plans:log_add", args=[item.pk + 999]), entry_data()).status_code == 404
        assert LogEntry.objects.count() == 1 and not Reflection.objects.exists()

    def test_anonymous_visitors_are_sent_to_log_in(self, client, item):
        entry = make_entry(item)
        for response in (
            client.post(reverse("plans:log_add", args=[item.pk]), entry_data()),
            client.post(reverse("plans:log_delete", args=[entry.pk])),
            client.get(reverse("plans:evidence", args=[entry.pk])),
            client.post(reverse("plans:reflect", args=[item.pk]), {"aspect": "competence"}),
        ):
            assert response.status_code == 302 and "?next=" in response["Location"]
        assert LogEntry.objects.count() == 1
