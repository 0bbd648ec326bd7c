"""What the accounts tests share: signing up through the page and following the mailed link."""

import re

from django.conf import settings
from django.core import mail
from django.urls import reverse

PASSWORD = "Een-lang-wachtwoord-2026"


def sign_up(client, email: str, password: str = PASSWORD, meta: dict | None = None, **fields):
    """Post the sign-up form (``meta``: request headers such as REMOTE_ADDR)."""
    data = {"email": email, "first_name": "Jan", "last_name": "", "fte": "1"}
    data |= {"password1": password, "password2": password} | fields
    return client.post(reverse("accounts:signup"), data, **(meta or {}))


def link_in(message, kind: str = "bevestigen") -> str:
    """The path of the first link of this kind (bevestigen, wachtwoord-herstellen) in a mail."""
    return re.search(rf"http://testserver(/account/{kind}/\S+/)", message.body).group(1)


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def confirm(client, path: str, password: str | None = None):
    """Open the confirmation link and press the button (giving the password when the page asks for it)."""
    page = client.get(path)
    assert page.status_code == 200, page.status_code
    return client.post(path, {"password": password} if password else {})


def english(client):
    """Pages in English from now on (the language switch's cookie), to assert on the msgids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
