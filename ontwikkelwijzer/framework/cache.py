"""A cache for public pages and API answers that depend only on the framework data.

A response is cached per framework marker (its version and checksum, ``selectors.framework_marker``, so
loading a changed file makes every cached page stale at once), language and full URL, and only for
visitors without a session: nothing personal is ever stored or served from it.

The cache is Django's ``default`` cache: each process's memory unless ``CACHE_URL`` names one that all app
processes share (a database table or Redis, ``core.cache_url``). Nothing else changes for a shared cache:

- No process ever tells another anything. Each remembers the marker for FRAMEWORK_MARKER_SECONDS, read
  before it remembers it, so within that time of a ``load_framework`` (in any process: the load is one
  transaction that changes the rows and the checksum together) every process looks pages up under the
  new marker; the old entries are never read again and expire after PUBLIC_CACHE_SECONDS (or are culled).
- The race: a request takes its key's marker M first (remembered or read), then builds the page with
  queries of its own, and a load may commit in between. The page then holds the framework after M
  (or a mix), under M's key. Another process still trusting M would serve it, which is harmless within
  its interval, but the key outlives the interval: loading M's file again (undoing a release) would bring
  M back, and with it a page of the other framework, for up to PUBLIC_CACHE_SECONDS. So after building,
  the marker is read again from the database (``fresh=True``, one small query on a miss only) and the
  page is stored only when it is still M. Every query of the build lies between the two readings; each
  sees a committed framework; both readings say M, so no load committed in between (a load changes the
  marker, and one that brings M back needs two loads in one page build). The key's marker can also be
  older than the database already (remembered, up to FRAMEWORK_MARKER_SECONDS old): then the check
  fails too, nothing is stored, and the fresh reading makes this process use the new marker from its
  next request on. A page under the new marker's key is never built from the old framework: the key's
  marker is read before the build, and what the build reads of the framework is read after it (or kept
  per process under that version and checksum), so it is that load's or a newer one's.
- A page built from the old framework can still be served under the old key during the interval, in
  this process and in any other that still trusts the old marker: that is the interval.

With the local memory cache all of this holds per process and behaves as before: a hit costs no query.
When the shared cache cannot be reached (Redis down), pages are built without it and a warning logged.
"""

import hashlib
import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import get_language

from ontwikkelwijzer.core.cache_url import UNAVAILABLE
from ontwikkelwijzer.framework.selectors import framework_marker

logger = logging.getLogger(__name__)
View = Callable[..., HttpResponseBase]
WARN_EVERY_SECONDS = 60.0
_warned_at: float | None = None


def _key(marker: str, request: HttpRequest) -> str:
    raw = f"{marker}|{get_language()}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _unavailable(error: Exception) -> None:
    """Log that the cache failed, at most once a minute per process (not on every page)."""
    global _warned_at
    now = time.monotonic()
    if _warned_at is None or now - _warned_at >= WARN_EVERY_SECONDS:
        _warned_at = now
        logger.warning("The page cache is unavailable; pages are built without it: %r", error)


def public_cache(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        cacheable = (
            settings.PUBLIC_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        marker = framework_marker()
        key = _key(marker, request)
        try:
            hit = cache.get(key)
        except UNAVAILABLE as error:
            _unavailable(error)
            return view(request, *args, **kwargs)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if (
            isinstance(response, HttpResponse)  # not streamed
            and response.status_code == 200
            and not response.cookies
            and framework_marker(fresh=True) == marker  # unchanged while it was built: see above
        ):
            try:
                cache.set(key, (response.content, response["Content-Type"]), settings.PUBLIC_CACHE_SECONDS)
            except UNAVAILABLE as error:
                _unavailable(error)
        return response

    return wrapped
