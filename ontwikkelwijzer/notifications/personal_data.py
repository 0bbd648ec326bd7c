"""What the notifications app holds about a person, for the own-data export and the deletion of the
account (gathered by ``ontwikkelwijzer.privacy``, see ``privacy/parts.py``): whether their calendar feed is
on, since when. Deleted with the account (CASCADE), and the feed's address stops working with it."""

from ontwikkelwijzer.accounts.models import User
from ontwikkelwijzer.notifications.models import CalendarFeed

EXPORTED = {"notifications.CalendarFeed.user": "notifications.calendar_feed"}


def export(user: User) -> dict:
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "calendar_feed": {
            "on_since": feed.created_at.isoformat(),
            "address_made": feed.updated_at.isoformat(),
        }
        if feed
        else None
    }
