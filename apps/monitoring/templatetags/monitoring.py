"""The dashboards' cells written by filters, not includes or loops of tags: the committee's
tables have a cell per organisation and target (400 a page each), and rendering them tag by
tag cost more than the rest of the page."""

from django import template
from django.utils.html import format_html, format_html_join

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


@register.filter
def target_cells(values) -> str:
    """A row's cells of targets, one badge each: a filter for the same reason as above (a
    committee's page has 400 of them), written as the template wrote them."""
    return format_html_join(
        "",
        '<td class="text-center"><span class="badge rag-{}">{}</span></td>',
        ((value.state, "—" if value.percent is None else f"{value.percent} %") for value in values),
    )


@register.filter
def change_cells(items) -> str:
    """A row's cells of changes in points (`points_change`)."""
    return format_html_join(
        "", '<td class="text-center">{}</td>', ((points_change(item["change"]),) for item in items)
    )
