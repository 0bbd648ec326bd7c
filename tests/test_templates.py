"""No context variable in a template is named with one letter: a `{% for p in partners %}` reads as a
puzzle a dozen lines on. Every name a template binds itself is checked: loop variables (`{% for %}`),
`{% with %}`, `{% include ... with %}` and `{% blocktranslate with ... count ... %}` names, and
`{% ... as name %}`. (A `blocktranslate` name is part of its message id in locale/nl, "%(name)s": renaming
one means renaming it in the translation too.)"""

from pathlib import Path

from django.conf import settings
from django.template.base import Lexer, TokenType
from django.utils.text import smart_split

TEMPLATES = Path(settings.BASE_DIR) / "ontwikkelwijzer" / "templates"


def bound_names(contents: str) -> list[str]:
    """The names a template tag (its contents, as between `{%` and `%}`) binds."""
    bits = list(smart_split(contents))  # a quoted string stays one word
    if not bits:
        return []
    tag, names = bits[0], []
    if tag in ("block", "endblock"):
        return []  # a block's name is no variable
    if tag == "for" and "in" in bits:
        names += "".join(bits[1 : bits.index("in")]).split(",")
    if tag in ("blocktranslate", "blocktrans"):
        names += [word.split("=", 1)[0] for word in bits[1:] if "=" in word]
    if tag in ("with", "include"):
        words = bits[1:] if tag == "with" else bits[bits.index("with") + 1 :] if "with" in bits else []
        names += [word.split("=", 1)[0] for word in words if "=" in word]
    if tag == "with" and len(bits) == 4 and bits[2] == "as":  # the old form: {% with value as name %}
        names.append(bits[3])
    elif tag not in ("with", "for") and len(bits) >= 3 and bits[-2] == "as":  # {% url ... as name %}
        names.append(bits[-1])
    return [name for name in names if name]


def one_letter_names() -> list[tuple[str, int, str]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix not in (".html", ".txt"):
            continue
        for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
            if token.token_type != TokenType.BLOCK:
                continue
            for name in bound_names(token.contents):
                if len(name) == 1:
                    found.append((path.relative_to(TEMPLATES).as_posix(), token.lineno, name))
    return found


class TemplateNameTests:
    def test_it_finds_the_names_a_tag_binds(self):
        assert bound_names("for p in partners") == ["p"]
        assert bound_names("for label, n in p.kinds") == ["label", "n"]
        assert bound_names("for label,n in p.kinds") == ["label", "n"]
        assert bound_names("with x=a.b y=c") == ["x", "y"]
        assert bound_names("with a.b as x") == ["x"]
        assert bound_names('include "partial.html" with p=plan only') == ["p"]
        assert bound_names('include "partial.html"') == []
        assert bound_names("url 'plans:detail' year as u") == ["u"]
        assert bound_names('translate "Not with x=1" as note') == ["note"]
        assert bound_names('include "with x=1.html"') == []
        assert bound_names("blocktranslate with n=count") == ["n"]
        assert bound_names("blocktranslate trimmed count n=figures.sharing") == ["n"]
        assert bound_names("block content") == []
        assert bound_names("if a == b") == []

    def test_no_template_names_a_context_variable_with_one_letter(self):
        found = one_letter_names()
        assert not found, "one-letter names in templates (path, line, name): " + ", ".join(
            f"{path}:{line} {name}" for path, line, name in found
        )
