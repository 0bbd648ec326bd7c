"""``/``: the public home page for visitors, a teacher's own start page for a signed-in teacher; everyone
else signed in goes to their own side (``start.start_audience``).

The public page keeps its cache for visitors (``framework.views.pages.home`` is wrapped in
``framework.cache.public_cache``, which serves only requests without a session); the start page is personal
and never cached (``Cache-Control: no-store``, on top of what ``core.middleware.PrivateCacheMiddleware``
sets for everyone signed in).
"""

from datetime import date

from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from ontwikkelwijzer.framework.views import pages as framework_pages
from ontwikkelwijzer.overviews import start


def home(request):
    if not request.user.is_authenticated:
        return framework_pages.home(request)
    audience = start.start_audience(user=request.user)
    if audience == start.Audience.PARTNER:
        return redirect("workfield:partner_home")
    if audience == start.Audience.OTHER:
        return redirect("overviews:home")
    if audience == start.Audience.OPERATOR:
        return redirect("teams:admin_home")
    page = start.start_page(user=request.user, today=date.today())
    response = render(request, "overviews/start.html", {"page": page})
    add_never_cache_headers(response)
    return response
