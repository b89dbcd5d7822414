from django import template
from django.utils import timezone

from apps.organizations.scoping import request_has_permission

from ..selectors import open_items

register = template.Library()


@register.inclusion_tag("assignments/_home_items.html", takes_context=True)
def committee_items(context):
    """The committee's items the organisation has not closed yet, on its home page."""
    request = context["request"]
    if request.organization is None or not request_has_permission(request, "roadmap.view"):
        return {"items": [], "request": request}
    items = open_items(request.organization)
    today = timezone.localdate()
    for item in items:
        item.current_state = item.state(today)
    return {"items": items, "request": request}
