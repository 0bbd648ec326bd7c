"""Page weight: a page's HTML plus the site's stylesheets it links, as the target "the page weight of any page
<= 60 KB of HTML and CSS" counts it. Shared by bench/run.py, bench/count_queries.py and bench/signed_in.py;
nothing here imports Django.

The stylesheets are the `<link rel="stylesheet" href=...>` of the page, and their sizes are those of the
files (uncompressed, as the HTML is counted): from the collectstatic directory, where the hashed names of
the manifest storage are, or else from ontwikkelwijzer/static (plain names, without collectstatic).
"""

import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_STATIC = ROOT / "ontwikkelwijzer" / "static"
STATIC_URL = "/static/"
MAX_BYTES = 60 * 1024

_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_REL = re.compile(r"""\brel\s*=\s*["']?([^"'>]*)""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def stylesheet_hrefs(page: str) -> list[str]:
    """The hrefs of the page's `<link rel="stylesheet">` tags, in order."""
    hrefs = []
    for tag in _LINK.findall(page):
        rel = _REL.search(tag)
        href = _HREF.search(tag)
        if rel and href and "stylesheet" in rel.group(1).lower().split():
            hrefs.append(html.unescape(next(g for g in href.groups() if g is not None)))
    return hrefs


def stylesheet_file(href: str, static_root: Path | None) -> Path | None:
    """The file behind a stylesheet's href, or None when it is not one of the site's static files."""
    path = href.split("?")[0].split("#")[0]
    if not path.startswith(STATIC_URL):
        return None
    name = path.removeprefix(STATIC_URL)
    for base in (static_root, SOURCE_STATIC):
        if base is not None and (base / name).is_file():
            return base / name
    return None


def weigh(html_bytes: int, hrefs: list[str], static_root: Path | None) -> dict:
    """{"html", "css", "total" (bytes), "missing": the hrefs whose file was not found (not counted)}."""
    css, missing = 0, []
    for href in dict.fromkeys(hrefs):  # a stylesheet linked twice is fetched once
        found = stylesheet_file(href, static_root)
        if found is None:
            missing.append(href)
        else:
            css += found.stat().st_size
    return {"html": html_bytes, "css": css, "total": html_bytes + css, "missing": missing}
