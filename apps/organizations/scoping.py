"""The tenant of a request and the pages both kinds of tenant have (the scoping itself is
apps.core.scoping)."""


def owner_of(request):
    """The tenant of the current request: its organisation, or the committee's municipality."""
    return request.organization or request.municipality


def tenant_url(owner, name: str, **kwargs) -> str:
    """Reverse a page that organisations and committees both have.

    `name` is the organisation's ("roadmap:detail"); a committee's twin has the namespace
    prefixed with "committee_" ("committee_roadmap:detail")."""
    from django.urls import reverse

    from .models import Organization

    if isinstance(owner, Organization):
        return reverse(name, kwargs={"org_slug": owner.slug, **kwargs})
    return reverse(f"committee_{name}", kwargs={"municipality_slug": owner.slug, **kwargs})


def request_has_permission(request, permission: str) -> bool:
    """The same check TenantMiddleware makes, for a second permission inside a view."""
    from .roles import COMMITTEE_PERMISSIONS

    if request.municipality is not None:
        return permission in COMMITTEE_PERMISSIONS
    return request.membership is not None and request.membership.has_permission(permission)


def owner_by_slug(slug: str):
    """An organisation, or else a municipality, by its slug; None when neither exists."""
    from .models import Municipality, Organization

    return Organization.objects.filter(slug=slug).first() or Municipality.objects.filter(slug=slug).first()
