"""The calendar feed: the page where a person turns it on and off (signed in), and the feed itself (by its
secret address, without signing in, as calendar programs read it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ontwikkelwijzer.core.confirm import Confirmation, confirm_page, confirmed
from ontwikkelwijzer.notifications import calendar, services

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _addresses(request, token: str) -> dict[str, str]:
    url = request.build_absolute_uri(reverse("notifications:feed", args=[token]))
    return {"url": url, "webcal": "webcal://" + url.split("://", 1)[1]}


@login_required
@never_cache
def page(request):
    feed = services.feed_of(request.user)
    return render(
        request,
        "notifications/calendar.html",
        {"feed": feed, **(_addresses(request, feed.token) if feed else {})},
    )


@login_required
@require_POST
def turn_on(request):
    services.feed_turn_on(user=request.user)
    messages.success(request, _("Your calendar link is on. Add it to your calendar program as below."))
    return redirect("notifications:agenda")


def _asked(request, title: str, consequences: list[str], button: str, act, done: str):
    """A change to a feed that is on: GET asks on its own page (``core.confirm``); a POST from that page
    makes it (``act(user=...)``) and says ``done``. Without a feed there is nothing to ask about."""
    if services.feed_of(request.user) is None:
        return redirect("notifications:agenda")
    if not confirmed(request):
        cancel = reverse("notifications:agenda")
        return confirm_page(request, Confirmation(title, consequences, button, cancel))
    act(user=request.user)
    messages.success(request, done)
    return redirect("notifications:agenda")


@login_required
def renew(request):
    """A new address for the feed; the old one stops working."""
    return _asked(
        request,
        _("Make a new calendar link?"),
        [
            _("The link you have now stops working at once: a calendar that reads it shows nothing new."),
            _("You then add the new link to your calendar programs again."),
        ],
        _("Make a new link"),
        services.feed_renew,
        _("Your calendar link is new. The old one no longer works."),
    )


@login_required
def turn_off(request):
    """The feed off: its address stops working."""
    return _asked(
        request,
        _("Turn off your calendar link?"),
        [
            _("The link stops working: calendars that read it no longer get your plan's dates."),
            _("You can turn it on again later; you then get a new link."),
        ],
        _("Turn off"),
        services.feed_turn_off,
        _("Your calendar link is off."),
    )


@never_cache
def feed(request, token: str):
    """The feed by its secret address. One that was turned off or replaced, or whose account was closed,
    answers 404 with a sentence a person can read when they open it in a browser."""
    owner = services.feed_owner(token)
    if owner is None:
        message = _(
            "This calendar link no longer works: it was turned off or replaced by a new one. "
            "Sign in to Ontwikkelwijzer and copy your link from “Calendar” under your account."
        )
        return HttpResponse(message, status=404, content_type="text/plain; charset=utf-8")
    response = HttpResponse(calendar.feed(owner), content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = 'inline; filename="ontwikkelplan.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
