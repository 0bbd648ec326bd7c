"""Render a Django template to PDF with WeasyPrint.

WeasyPrint is slow to import (Pango, fonts), so it is imported only when a PDF is made. The documents
are self-contained (their CSS is in the template); nothing is fetched over the network while rendering:
only data: URLs, and file: URLs when a ``base_url`` is given for local static files.
"""

from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict, *, base_url: str | None = None) -> bytes:
    import weasyprint  # lazy on purpose: a slow import, only needed here

    html = render_to_string(template_name, context)
    protocols = {"data", "file"} if base_url else {"data"}
    fetcher = weasyprint.URLFetcher(allowed_protocols=protocols, allow_redirects=False, timeout=5)
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()
