"""How a view under /o/<org_slug>/ or /m/<municipality_slug>/ declares what it needs."""

from collections.abc import Callable


def tenant_view(*, permission: str) -> Callable:
    """Declare the permission a tenant view needs; TenantMiddleware enforces it.

    Inside the view `request.organization` (or `request.municipality`) is set and
    every scoped query is already limited to the tenant.
    """

    def decorate(view):
        view.tenant_permission = permission
        return view

    return decorate


def declared_permission(view) -> str | None:
    return getattr(view, "tenant_permission", None)
