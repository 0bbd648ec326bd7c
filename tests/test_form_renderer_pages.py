"""Every form page of the demo school is the same with the Python form renderer as with Django's templates:
for a visitor and each demo account, every page reachable by links (``tests.crawl``) and every form on it
posted empty (so its errors show) is rendered with both renderers and compared, the CSRF tokens aside."""

import difflib
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, override_settings

from tests.crawl import demo_roles, form_posts, reachable

DJANGO = "django.forms.renderers.DjangoTemplates"
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')


def _page(response) -> str:
    return TOKEN.sub(r'\1"', response.content.decode())


def _difference(ours, theirs) -> str:
    lines = difflib.unified_diff(_page(theirs).splitlines(), _page(ours).splitlines(), lineterm="", n=1)
    return "\n".join(list(lines)[2:12])


def _both(client: Client, method: str, url: str, data=None) -> tuple:
    """The response with each renderer, after a page that shows (and so clears) any waiting message."""
    client.get("/", follow=True)
    ours = getattr(client, method)(url, data)
    client.get("/", follow=True)
    with override_settings(FORM_RENDERER=DJANGO):
        theirs = getattr(client, method)(url, data)
    return ours, theirs


@pytest.mark.django_db
def test_every_form_page_is_the_same_with_either_renderer(framework):
    call_command("demo_school", password="Demo-wachtwoord-2026", force=True, verbosity=0)
    compared, different = 0, []
    for role, email in demo_roles().items():
        client = Client()
        if email is not None:
            client.force_login(get_user_model().objects.get(email=email))
        for url in reachable(client).values():
            if "<form" not in (html := client.get(url).content.decode()):
                continue
            ours, theirs = _both(client, "get", url)
            compared += 1
            if _page(ours) != _page(theirs):
                different.append(f"{role} GET {url}\n{_difference(ours, theirs)}")
            for action, hidden in form_posts(html):
                ours, theirs = _both(client, "post", action or url, hidden)
                if ours.status_code == theirs.status_code == 200:
                    compared += 1
                    if _page(ours) != _page(theirs):
                        different.append(f"{role} POST {action or url}\n{_difference(ours, theirs)}")
    assert compared >= 60, f"only {compared} pages with forms compared"
    assert not different, "\n".join(different)
