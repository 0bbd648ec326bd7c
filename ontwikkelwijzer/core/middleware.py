import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils import translation
from django.utils.cache import patch_cache_control


class LanguageMiddleware:
    """Dutch first: the language is Dutch unless the user chose another with the language switch.

    The browser's Accept-Language is not followed on purpose: many Dutch teachers use a browser set to
    English and still expect the school's application in Dutch.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class PrivateCacheMiddleware:
    """Every answer to someone signed in, or to a visitor whose session holds something (the answers of a
    self-scan without an account), is personal: ``Cache-Control: private, no-store``, so no browser cache or
    proxy keeps a copy (a shared computer in a staff room, a school's caching proxy). A view that set
    ``no-store`` itself (a download, ``never_cache``) keeps its header. Answers to visitors with an empty
    session are left alone, so the public pages stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _personal(request) and "no-store" not in response.get("Cache-Control", ""):
            if response.has_header("Cache-Control"):
                del response.headers["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response


def _personal(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return session is not None and not session.is_empty()


# --- Upload size: refused while the body streams in, not after it was stored -------------------------


def upload_limits() -> tuple[int, int]:
    """(largest file, largest multipart request). The request may hold the form's other fields too, which
    Django limits to DATA_UPLOAD_MAX_MEMORY_SIZE; a little more for the multipart headers."""
    file_limit = settings.UPLOAD_MAX_FILE_BYTES
    fields = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return file_limit, file_limit + fields + 64 * 1024


class RefusedUpload(UploadedFile):
    """Stands in ``request.FILES`` for a file that was refused while it came in: none of it is kept, and
    ``size`` is more than the limit, so the form's own size check says what it always says."""

    refused = True

    def __init__(self, name: str, size: int):
        super().__init__(io.BytesIO(b""), name=name, content_type="application/octet-stream", size=size)


class UploadLimitHandler(FileUploadHandler):
    """First in the chain of upload handlers (``UploadLimitMiddleware`` puts it there). When the request
    says it is larger than the limit (``CONTENT_LENGTH``), the upload stops at the first file, before any
    of the file is read; otherwise a file stops as soon as the bytes that came in pass the limit. In both
    cases the rest of the body is not read (``StopUpload(connection_reset=True)``): the fields before the
    file are kept, the file is left out and noted in ``request.refused_uploads``."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.file_limit, request_limit = upload_limits()
        self.declared = content_length
        self.too_large = content_length > request_limit
        return None

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        if self.too_large:
            self._refuse(self.declared)

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.file_limit:
            self._refuse(start + len(raw_data))
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file

    def _refuse(self, size: int):
        refused = getattr(self.request, "refused_uploads", [])
        refused.append((self.field_name, self.file_name, max(size, self.file_limit + 1)))
        self.request.refused_uploads = refused
        raise StopUpload(connection_reset=True)


class UploadLimitMiddleware:
    """Puts ``UploadLimitHandler`` before Django's own upload handlers, and a ``RefusedUpload`` in
    ``request.FILES`` for a file it refused, so the view's form answers with its usual message about the
    size (and keeps the fields that came before the file) instead of silently saving without the file.
    Place it before CsrfViewMiddleware, which may read the body first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.upload_handlers.insert(0, UploadLimitHandler(request))
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            request.POST  # noqa: B018 - parses the body through the handlers now, before the view
            for field_name, file_name, size in getattr(request, "refused_uploads", []):
                request.FILES.setlist(field_name, [RefusedUpload(file_name, size)])
        return None
