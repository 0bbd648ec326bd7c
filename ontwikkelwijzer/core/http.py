from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """A download: the content with its type, saved by the browser under filename."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def form_status(form) -> int:
    """400 for a form sent with mistakes (shown next to the fields, with what was typed), else 200."""
    return 400 if form.is_bound and form.errors else 200
