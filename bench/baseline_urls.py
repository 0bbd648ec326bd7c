"""The project's URLs plus /bench/baseline: a trivial Django view, served through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401  (the URLconf module must define them)
from config.urls import urlpatterns as project_urlpatterns


def baseline(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/baseline", baseline, name="bench-baseline"), *project_urlpatterns]
