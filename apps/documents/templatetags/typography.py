"""Russian typography for printed documents: words that must not end a line are bound
to the next one with a no-break space («№ 7», «Архипова Л.И.», «в течение», «2020 г.»)."""

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

NBSP = "\u00a0"
SHORT_WORD = re.compile(r"(?<![\w-])(в|во|и|с|со|к|о|об|у|а|на|по|до|от|за|из|не|№)\s+", re.IGNORECASE)
INITIALS = re.compile(r"(\w)\s+(\w\.\s?\w\.)")
YEAR_MARK = re.compile(r"(\d)\s+(гг?\.)")


@register.filter(needs_autoescape=True)
def typograph(text, autoescape=True):
    text = conditional_escape(text) if autoescape else str(text)
    text = SHORT_WORD.sub(lambda m: m.group(1) + NBSP, text)
    text = INITIALS.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    text = YEAR_MARK.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    return mark_safe(text)  # noqa: S308  (escaped above)


@register.filter
def css_string(text):
    """Text for a CSS `content: "…"` inside <style>: no quotes, backslashes or tags can break out."""
    return mark_safe(re.sub(r'["\\<>\n\r]', " ", str(text or "")))  # noqa: S308  (unsafe characters removed)
