"""The Content-Security-Policy and Permissions-Policy every page carries, and the templates
that keep to the policy (tests/browser/test_content_security_policy.py checks it in a real
browser): no inline script, no on…="" handler, no style="" in a page a browser shows."""

import re

from django.conf import settings
from django.urls import reverse

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE = re.compile(r"\sstyle\s*=|<style", re.IGNORECASE)


def test_every_page_carries_the_policies(client, db):
    response = client.get(reverse("login"))
    directives = {d.strip() for d in response["Content-Security-Policy"].split(";")}
    assert directives == {d.strip() for d in CSP.split(";")}
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def _browser_templates():
    """Every template a browser shows: not the PDFs (WeasyPrint reads their styles)."""
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
        text = path.read_text()
        if "pdf" in path.name or 'extends "documents/base_pdf.html"' in text:
            continue
        yield path.relative_to(settings.BASE_DIR), text


def test_no_template_a_browser_shows_has_inline_script_or_style():
    offending = []
    for path, text in _browser_templates():
        for pattern in (INLINE_SCRIPT, HANDLER, STYLE):
            offending += [f"{path}: {match.group(0).strip()}" for match in pattern.finditer(text)]
    assert offending == []
