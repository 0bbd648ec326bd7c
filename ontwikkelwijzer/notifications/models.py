"""What reaches a person outside the site's pages: for now the private calendar feed of their plan."""

import secrets

from django.conf import settings
from django.db import models

from ontwikkelwijzer.core.models import BaseModel


def feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(BaseModel):
    """A person's calendar feed, on while the row exists: the token is the secret in its address (anyone
    with the address reads the feed, as a calendar program must without signing in). A new token replaces
    the old one, which then stops working; deleting the row turns the feed off."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=feed_token)

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"
