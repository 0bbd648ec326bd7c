"""Every page a person can reach by following links from the start page, one of each kind (the first
activity page found stands for all of them), found with Django's test client: for the browser crawl at
phone widths and the check that every page speaks Dutch.

Downloads (PDF, spreadsheets, CSV, calendars) are not pages and are left out, and so are the language
switch, the Django admin and the API."""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

# Paths that are not pages of the app's own, or that change something for the person following them.
NOT_CRAWLED = ("/taal/", "/beheer/", "/api/", "/static/", "/media/")
# Views that answer a download (a file, not a page to look at), by a whole part of their name ("export" in
# "privacy:export", "pdf" in "plans:export_pdf"), so that a page whose name holds such letters, as
# "accounts:profile" holds "file", is crawled.
DOWNLOADS = re.compile(
    r"(?:^|[:_])(export|xlsx|csv|pdf|research|ics|calendar|download|evidence|file)(?:_|$)", re.IGNORECASE
)
MAX_PAGES = 120  # per role: far more kinds of page than the app has, so a loop of links cannot run away


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _kind(path: str) -> str | None:
    """What kind of page a path is (its view's name), or None when it is not one to crawl."""
    if not path.startswith("/") or path.startswith("//") or path.startswith(NOT_CRAWLED):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    return None if DOWNLOADS.search(name) else name


def reachable(client: Client) -> dict[str, str]:
    """One URL per kind of page that following links from the start page reaches, in the order found."""
    found: dict[str, str] = {}
    queue = deque(["/"])
    while queue and len(found) < MAX_PAGES:
        url = queue.popleft()
        kind = _kind(urlsplit(url).path)
        if kind is None or kind in found:
            continue
        response = client.get(url, follow=True)  # a start page may send a role on to its own page
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        url = response.request["PATH_INFO"] + (f"?{q}" if (q := response.request["QUERY_STRING"]) else "")
        kind = _kind(response.request["PATH_INFO"])
        if kind is None or kind in found:
            continue
        found[kind] = url
        for href in _links(response.content.decode()):
            target, _fragment = urldefrag(href)
            if target and (kind_of := _kind(urlsplit(target).path)) is not None and kind_of not in found:
                queue.append(target)
    return found


def form_posts(html: str) -> list[tuple[str, dict[str, str]]]:
    """The page's POST forms that ask for something typed or chosen (a text, a number, a choice), each as
    its action and its hidden fields: posting that without the rest shows the form's messages. Forms of
    buttons only (log out, confirm, undo) are left out: they would do something."""
    forms: list[tuple[str, dict[str, str]]] = []
    for match in re.finditer(r"<form\b([^>]*)>(.*?)</form>", html, re.S):
        attributes, body = match.groups()
        if not re.search(r'method="post"', attributes, re.I):
            continue
        asks = re.search(
            r"<(textarea|select)\b|<input\b(?![^>]*type=\"(hidden|submit|checkbox|radio|file)\")", body
        )
        if not asks:
            continue
        action = re.search(r'action="([^"]*)"', attributes)
        hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', body))
        forms.append((action[1] if action else "", hidden))
    return forms


VISITOR = "bezoeker"


def demo_roles() -> dict[str, str | None]:
    """A visitor (None: not signed in) and each account of the demo school, by the name before the @."""
    from ontwikkelwijzer.overviews import demo

    return {VISITOR: None, **{a.email.split("@")[0]: a.email for a in demo.ACCOUNTS}}
