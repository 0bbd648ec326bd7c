"""Template filters for the framework's plain-text passages."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def paragraphs(body: str) -> SafeString:
    """Render plain text as HTML: blank lines separate paragraphs, lines starting with '- ' form a list."""
    html: list[str] = []
    for block in (body or "").strip().split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        intro = [line for line in lines if not line.startswith("- ")]
        items = [line[2:] for line in lines if line.startswith("- ")]
        if intro:
            html.append("<p>" + " ".join(escape(line) for line in intro) + "</p>")
        if items:
            html.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")
    return mark_safe("".join(html))  # noqa: S308 - every piece of text is escaped above
