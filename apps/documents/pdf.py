"""The one place that turns a Django template into a PDF (WeasyPrint).

Every document of the portal (roadmaps, orders, reports, reminders) is an HTML template
that extends templates/documents/base_pdf.html: A4, DejaVu fonts installed on the
machine (no web fonts), page numbers in the footer, the owner's letterhead. The renderer
fetches nothing from outside: no http(s), no file:// (a template must not be able to
embed a server file); only data: URIs, for images embedded by the portal itself.
"""

import io
import logging
import zipfile

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)

ARCHIVAL_VARIANT = "pdf/a-3b"


class RefusedURL(ValueError):
    pass


class EmbeddedOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read data: URIs and nothing else; what it refused is kept for tests and logs."""

    def __init__(self):
        super().__init__(allowed_protocols={"data"}, timeout=1)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if not url.startswith("data:"):
            self.refused.append(url[:200])
            raise RefusedURL(f"The PDF renderer fetches no outside resource: {url[:200]}")
        return super().fetch(url, headers)


def render_pdf(template_name: str, context: dict, *, archival: bool = False, fetcher=None) -> bytes:
    """Render `template_name` with `context` to PDF bytes, in Russian (documents are Russian)."""
    with translation.override("ru"):
        html = render_to_string(template_name, context)
    fetcher = fetcher or EmbeddedOnlyFetcher()
    # base_url is a dummy: relative URLs then resolve to something the fetcher refuses.
    document = HTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    options = {"pdf_variant": ARCHIVAL_VARIANT} if archival else {}
    pdf = document.write_pdf(**options)
    if fetcher.refused:
        logger.warning("PDF %s: refused %d outside resource(s)", template_name, len(fetcher.refused))
    return pdf


def render_pdf_parts(template_name: str, context: dict, parts) -> bytes:
    """Lay the template out once and write a zip of single PDFs, one per part: a part runs
    from the page holding its anchor (`id="…"`) to the page before the next part's."""
    with translation.override("ru"):
        html = render_to_string(template_name, context)
    fetcher = EmbeddedOnlyFetcher()
    document = HTML(string=html, base_url="about:blank", url_fetcher=fetcher).render()
    first_page = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            first_page.setdefault(anchor, number)
    starts = [first_page[anchor] for anchor, _filename in parts]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (_anchor, filename) in enumerate(parts):
            end = starts[index + 1] if index + 1 < len(parts) else len(document.pages)
            pages = document.pages[starts[index] : max(end, starts[index] + 1)]
            archive.writestr(filename, document.copy(pages).write_pdf())
    return buffer.getvalue()
