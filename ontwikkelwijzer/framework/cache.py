"""A cache for public pages and API answers that depend only on the framework data.

A response is cached per framework version (its checksum, read with one small query, so loading a new
file makes every cached page stale at once), language and full URL, and only for visitors without a
session: nothing personal is ever stored or served from it.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

from ontwikkelwijzer.framework.selectors import framework_marker


def _key(request) -> str:
    raw = f"{framework_marker()}|{get_language()}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def public_cache(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        cacheable = (
            settings.PUBLIC_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        key = _key(request)
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), settings.PUBLIC_CACHE_SECONDS)
        return response

    return wrapped
