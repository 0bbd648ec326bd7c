"""Every page and every form speaks Dutch, with "je": the demo school is made, and for a visitor and each
demo account every page reachable by links (``tests.crawl``) is read in Dutch, and every form on it is
posted empty so that its messages show too. A page fails when its text (including what a screen reader
reads: labels, titles, alternative texts) has an English sentence or the formal "u"/"uw"."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ontwikkelwijzer.teams.constants import Role
from tests.crawl import _kind, demo_roles, form_posts, reachable
from tests.support import person

# Words that are English and not Dutch; two of them in one run of text make an English sentence.
ENGLISH = {
    "the", "and", "your", "you", "this", "with", "please", "must", "enter", "should", "which", "have",
    "has", "been", "there", "their", "would", "could", "field", "required", "invalid", "characters",
    "password", "too", "short", "common", "valid", "select", "choice", "available", "not", "are", "that",
}  # fmt: skip
FORMAL = re.compile(r"\b(u|uw|Uw|U)\b")
READ_ALOUD = ("aria-label", "title", "alt", "placeholder")


class _Text(HTMLParser):
    """The text a person sees or hears: the page's text and what a screen reader reads of its elements,
    without scripts and styles, and without what is marked as English (the language switch)."""

    def __init__(self):
        super().__init__()
        self.runs: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in ("script", "style") or (values.get("lang") or "").startswith("en"):
            self._skip.append(tag)
        if not self._skip:
            self.runs.extend(value for name, value in attrs if name in READ_ALOUD and value)

    def handle_endtag(self, tag):
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.runs.append(data.strip())


def problems(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    found = []
    for run in parser.runs:
        words = re.findall(r"[A-Za-z]+", run)
        if len({w.lower() for w in words} & ENGLISH) >= 2:
            found.append(f"English: {run[:120]!r}")
        if FORMAL.search(run):
            found.append(f"formal 'u': {run[:120]!r}")
    return found


@pytest.mark.django_db
def test_every_page_and_form_of_every_role_is_in_dutch_with_je(framework):
    call_command("demo_school", password="Demo-wachtwoord-2026", force=True, verbosity=0)
    found: dict[str, list[str]] = {}
    read = 0
    for role, email in demo_roles().items():
        client = Client()
        if email is not None:
            client.force_login(get_user_model().objects.get(email=email))
        for url in reachable(client).values():
            html = client.get(url).content.decode()
            read += 1
            if said := problems(html):
                found[f"{role} GET {url}"] = said
            for action, hidden in form_posts(html):
                response = client.post(action or url, hidden, follow=True)
                read += 1
                if said := problems(response.content.decode()):
                    found[f"{role} POST {action or url}"] = said
    assert read >= 100, f"only {read} pages and forms read"
    assert not found, "\n".join(
        f"{where}:\n  " + "\n  ".join(sorted(set(said))) for where, said in found.items()
    )


def test_the_crawl_reads_pages_whose_names_hold_a_download_word_but_no_downloads():
    assert _kind(reverse("accounts:profile")) == "accounts:profile"  # "file" in "profile"
    assert _kind(reverse("privacy:export")) is None
    assert _kind(reverse("plans:export_pdf", args=["2025-2026"])) is None
    assert _kind(reverse("overviews:organisation_research", args=[1])) is None


@pytest.mark.django_db
def test_the_dry_run_of_a_school_list_with_bad_rows_is_in_dutch_with_je(school, team):
    school.email_domains = "school.nl"
    school.save()
    client = Client()
    client.force_login(person(school, None, Role.ADMIN))
    text = (
        "email;first_name;last_name;role;team;fte\n"
        "anna@school.nl;Anna;Jansen;docent;Zorg;0,8\n"
        "geen-adres;Bram;Bakker;docent;Zorg;1\n"
        "chantal@school.nl;Chantal;;directeur;;\n"
        "daan@school.nl;Daan;;docent;Bestaat niet;\n"
        "eva@school.nl;Eva;;docent;Zorg;2\n"
        "erik@gmail.com;Erik;;teamleider;Zorg;\n"
    )
    response = client.post(
        reverse("teams:school_import", args=[school.pk]),
        {"file": SimpleUploadedFile("school.csv", text.encode(), content_type="text/csv")},
    )
    html = response.content.decode()
    assert response.status_code == 200 and len(response.context["plan"].problems) == 5
    assert "geen-adres" in html and "Bestaat niet" in html  # the rows refused, each with its reason
    assert not problems(html), problems(html)
