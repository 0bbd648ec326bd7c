"""An upload larger than the limit is refused while it comes in: the rest of the body is not read, nothing of
the file is kept, and the form says the file is too large (keeping what was typed)."""

import io
from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.core import schoolyear
from ontwikkelwijzer.core.middleware import UploadLimitMiddleware, upload_limits
from ontwikkelwijzer.plans import services
from ontwikkelwijzer.plans.constants import MAX_UPLOAD_BYTES
from ontwikkelwijzer.plans.models import LogEntry

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


class CountingStream(io.BytesIO):
    """A request body that remembers how much of it was read."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.bytes_read += len(line)
        return line


def _fields(file_bytes: int) -> dict:
    # In the order a browser sends them: the fields of the form first, the file last.
    return {
        "date": date.today().isoformat(),
        "description": "Wat ik typte blijft staan",
        "hours_spent": "2",
        "evidence_file": SimpleUploadedFile("groot.pdf", b"%PDF" + b"x" * (file_bytes - 4)),
    }


def _parse(body: bytes, content_length: int | None = None) -> tuple[WSGIRequest, CountingStream]:
    """The body through UploadLimitMiddleware, as a server hands it to Django."""
    stream = CountingStream(body)
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/",
            "CONTENT_TYPE": MULTIPART_CONTENT,
            "CONTENT_LENGTH": str(len(body) if content_length is None else content_length),
            "wsgi.input": stream,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
        }
    )
    middleware = UploadLimitMiddleware(
        lambda request: middleware.process_view(request, None, (), {}) or HttpResponse()
    )
    middleware(request)
    return request, stream


@pytest.fixture
def item(framework):
    teacher = User.objects.create_user(email="docent@school.nl", password="x")
    plan = services.plan_get_or_create(user=teacher, school_year=schoolyear.school_year_for(date.today()))
    activity = framework.activities.get(code="docentstage")
    return services.plan_item_from_activity(plan=plan, activity=activity, aspects=[])


class UploadLimitTests:
    def test_the_limit_is_the_evidence_limit(self):
        assert upload_limits()[0] == settings.UPLOAD_MAX_FILE_BYTES == MAX_UPLOAD_BYTES

    def test_a_request_declared_too_large_is_not_read_beyond_the_fields(self):
        body = encode_multipart(BOUNDARY, _fields(30 * MB))
        request, stream = _parse(body)
        assert stream.bytes_read < MB  # of 30 MB
        assert request.POST["description"] == "Wat ik typte blijft staan"
        refused = request.FILES["evidence_file"]
        assert refused.refused and refused.size > MAX_UPLOAD_BYTES and refused.read() == b""

    def test_a_file_past_the_limit_stops_as_soon_as_it_passes(self):
        body = encode_multipart(BOUNDARY, _fields(MAX_UPLOAD_BYTES + 512 * 1024))
        assert len(body) < upload_limits()[1]  # the request itself is not declared too large
        request, stream = _parse(body)
        assert stream.bytes_read <= MAX_UPLOAD_BYTES + 256 * 1024 < len(body)
        assert request.FILES["evidence_file"].refused

    def test_a_file_within_the_limit_comes_through_whole(self):
        body = encode_multipart(BOUNDARY, _fields(MAX_UPLOAD_BYTES))
        request, _stream = _parse(body)
        upload = request.FILES["evidence_file"]
        assert not getattr(upload, "refused", False) and upload.size == MAX_UPLOAD_BYTES

    def test_the_log_form_answers_with_its_message_and_keeps_the_text(self, client, item, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        client.force_login(item.plan.user)
        response = client.post(reverse("plans:log_add", args=[item.pk]), _fields(MAX_UPLOAD_BYTES + MB))
        assert response.status_code == 200
        assert response.context["log_form"].has_error("evidence_file", "too_large")
        assert "Het bestand is groter dan 10 MB." in response.content.decode()  # the form's own message
        assert "Wat ik typte blijft staan" in response.content.decode()
        assert not LogEntry.objects.filter(item=item).exists()
        assert not any(tmp_path.rglob("*.pdf"))
