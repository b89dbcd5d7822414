"""A change in points written by a filter, not an include: the committee's table of changes
has a cell per organisation and target (350 a page), and an include per cell cost more than
the rest of the row."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def points_change(change: int | None) -> str:
    """+5 in green, −3 in red (a typographic minus), 0, or «—» where a year is unknown."""
    if change is None:
        return "—"
    if change > 0:
        return format_html('<span class="text-success">+{}</span>', change)
    if change < 0:
        return format_html('<span class="text-danger">−{}</span>', -change)
    return "0"
