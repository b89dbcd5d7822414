from django import template

from apps.organizations.scoping import owner_of, request_has_permission

from ..selectors import my_open_activities

register = template.Library()


@register.inclusion_tag("roadmap/_my_activities.html", takes_context=True)
def my_activities(context):
    """The person's open roadmap activities, on their home page (organisation or committee)."""
    request = context["request"]
    owner = owner_of(request)
    role = request.membership.role if request.membership else "committee"
    activities = my_open_activities(owner=owner, user=request.user, role=role)
    # A mentor named by role in the roadmap sees what is expected of them, but the roadmap's
    # pages (with its evidence files) stay with those whose role may view it.
    may_open = request_has_permission(request, "roadmap.view")
    return {"activities": activities, "may_open": may_open, "request": request}
