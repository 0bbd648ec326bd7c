"""Soft hyphens in long words, so that a narrow column breaks "Beroepsbekwaamheid" as "Beroeps-bekwaamheid"
and not after any letter. Browsers hyphenate by themselves only where they have a dictionary for the
page's language (many phones' browsers have none for Dutch); these come from pyphen's, which WeasyPrint
uses for the PDF too."""

from functools import cache

import pyphen
from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()
SHORTEST = 12  # letters: shorter words fit any column this site has
SOFT_HYPHEN = "\u00ad"


@cache
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="nl_NL" if language.startswith("nl") else "en_GB")


@register.filter
def hyphenate(text: object) -> SafeString:
    """The text, escaped, with soft hyphens where the current language's dictionary breaks its long words."""
    dictionary = _dictionary(get_language() or "nl")
    words = str(text).split(" ")
    return mark_safe(  # noqa: S308 (each word is escaped)
        " ".join(
            conditional_escape(
                dictionary.inserted(word, hyphen=SOFT_HYPHEN) if len(word) >= SHORTEST else word
            )
            for word in words
        )
    )
