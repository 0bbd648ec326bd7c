from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ontwikkelwijzer.framework import selectors
from ontwikkelwijzer.framework.views import _matrix, audience_guides


def home(request):
    framework = selectors.framework_get_current()
    structure = selectors.framework_structure(framework=framework)
    return render(
        request,
        "core/home.html",
        {
            "framework": framework,
            "structure": structure,
            "activity_count": framework.activities.count(),
            "audiences": audience_guides(framework),
            "matrix": _matrix(structure),
        },
    )


@never_cache
def health(request):
    """For load balancers and monitoring: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
