"""Turning a person's calendar feed on, giving it a new address, and off."""

from django.db import transaction

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.notifications.models import CalendarFeed, feed_token


def feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


def feed_turn_on(*, user: User) -> CalendarFeed:
    """The person's feed; made when there is none yet (turning it on twice keeps its address)."""
    feed, _made = CalendarFeed.objects.get_or_create(user=user)
    return feed


def feed_renew(*, user: User) -> CalendarFeed:
    """A new secret address: the old one stops working at once (for an address that got out)."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
        if feed is None:
            return feed_turn_on(user=user)
        feed.token = feed_token()
        feed.save(update_fields=["token", "updated_at"])
        return feed


def feed_turn_off(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()


def feed_owner(token: str) -> User | None:
    """Whose feed the address is: an active account's with that token, or nobody."""
    feed = (
        CalendarFeed.objects.filter(token=token, user__is_active=True).select_related("user").first()
        if 0 < len(token) <= 64
        else None
    )
    return feed.user if feed is not None else None
