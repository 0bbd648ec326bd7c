"""The project's URLs plus two trivial views, served through the same middleware: /bench/baseline (the
baseline of the anonymous rows) and /bench/signed-in (the baseline of the signed-in rows)."""

from functools import cache

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401  (the URLconf module must define them)
from config.urls import urlpatterns as project_urlpatterns


def baseline(request):
    return HttpResponse("ok", content_type="text/plain")


@cache
def _signed_in_template():
    return engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}Bench{% endblock %}'
        "{% block content %}<p>ok</p>{% endblock %}"
    )


@login_required
def signed_in_baseline(request):
    """The least a signed-in page does: load the person (login_required does) and render through the site's
    base template with the request, so the context processors and the header with its menu run."""
    return HttpResponse(_signed_in_template().render({}, request))


urlpatterns = [
    path("bench/baseline", baseline, name="bench-baseline"),
    path("bench/signed-in", signed_in_baseline, name="bench-signed-in"),
    *project_urlpatterns,
]
