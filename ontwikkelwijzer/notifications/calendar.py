"""A person's calendar feed (RFC 5545): the periods of their plan's activities and the partner offers they
have a place in, for the calendar program they already use (Outlook, Google Calendar, Apple Calendar).

Every event is a whole day (or a run of whole days): plans are made in days, not hours. An activity or
offer of up to ``SPAN_DAYS`` days is one event over its days; a longer one (most run for months, or the
whole school year) would lie over every day of it, so it is two events: the day it starts and the day it
ends. Cancelled activities, those carried over to the next year and withdrawn offers are left out, so a
calendar that reads the feed again drops them.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.plans.constants import COUNTED_STATUSES
from ontwikkelwijzer.plans.models import PlanItem
from ontwikkelwijzer.workfield.models import OfferRequest

SPAN_DAYS = 14  # up to this many days: one event over the period; longer: its first and its last day
REFRESH = timedelta(hours=12)  # how often a calendar program is asked to read the feed again


@dataclass(frozen=True)
class Dated:
    """Something with a period in the person's calendar."""

    uid: str  # unique within the site, stable across reads
    name: str
    start: date
    end: date  # the last day, included
    description: str
    url: str
    changed: datetime


def _site(path: str) -> str:
    return settings.SITE_URL + path


def _items(user: User) -> Iterator[Dated]:
    items = (
        PlanItem.objects.filter(plan__user=user, status__in=COUNTED_STATUSES)
        .select_related("activity")
        .order_by("start_date", "pk")
    )
    for item in items:
        yield Dated(
            uid=f"plan-item-{item.pk}",
            name=item.name,
            start=item.start_date,
            end=item.end_date,
            description=item.goal,
            url=_site(reverse("plans:item", args=[item.pk])),
            changed=item.updated_at,
        )


def _offers(user: User) -> Iterator[Dated]:
    booked = (
        OfferRequest.objects.filter(teacher=user, status=OfferRequest.Status.ACCEPTED, offer__withdrawn=False)
        .select_related("offer__partner")
        .order_by("offer__start_date", "pk")
    )
    for booking in booked:
        offer = booking.offer
        yield Dated(
            uid=f"offer-request-{booking.pk}",
            name=_("%(title)s at %(partner)s") % {"title": offer.title, "partner": offer.partner.name},
            start=offer.start_date,
            end=offer.end_date,
            description=offer.description,
            url=_site(reverse("workfield:my_requests")),
            changed=max(booking.updated_at, offer.updated_at),
        )


def _events(dated: Dated) -> Iterator[Event]:
    days = (dated.end - dated.start).days + 1
    if days <= SPAN_DAYS:
        yield _event(dated, dated.uid, dated.name, dated.start, dated.end)
        return
    yield _event(dated, f"{dated.uid}-start", _("Starts: %(name)s") % {"name": dated.name}, dated.start)
    yield _event(dated, f"{dated.uid}-end", _("Ends: %(name)s") % {"name": dated.name}, dated.end)


def _event(dated: Dated, uid: str, summary: str, first: date, last: date | None = None) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{urlsplit(settings.SITE_URL).hostname or 'ontwikkelwijzer'}")
    event.add("dtstamp", dated.changed)
    event.add("last-modified", dated.changed)
    event.add("summary", summary)
    event.add("dtstart", first)
    event.add("dtend", (last or first) + timedelta(days=1))  # the day after the last: DTEND is exclusive
    event.add("transp", "TRANSPARENT")  # a whole-day plan does not make the person busy
    if dated.description:
        event.add("description", f"{dated.description}\n\n{dated.url}")
    event.add("url", dated.url)
    return event


def feed(user: User) -> bytes:
    """The person's calendar, in the site's language (a calendar program reads it without a session)."""
    with translation.override(settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//Ontwikkelwijzer//Ontwikkelplan//NL")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        name = _("Ontwikkelwijzer: my development plan")
        calendar.add("name", name)  # RFC 7986
        calendar.add("x-wr-calname", name)  # what Outlook and Google Calendar read
        calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH))
        for dated in [*_items(user), *_offers(user)]:
            for event in _events(dated):
                calendar.add_component(event)
        return calendar.to_ical()
