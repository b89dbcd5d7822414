"""Scoping of rows that an organisation or a municipality (its committee) owns.

Most tenant rows belong to an organisation and use django-scopes' `ScopedManager`.
A few (the committee's own roadmap) can belong to a municipality instead: they carry
both foreign keys, `organization` NULL when the municipality owns the row. Their
manager reads the same scope that TenantMiddleware opens:

- an organisation's request (`scope(organization=org)`) sees the rows of that organisation;
- a committee's request (`scope(organization=[ids], municipality=id)`) sees the rows of its
  organisations and the municipality's own rows;
- no scope at all raises, as ScopedManager does; `scopes_disabled()` sees everything.
"""

from django.db import models
from django.db.models import Q
from django_scopes.manager import DisabledQuerySet
from django_scopes.state import get_scope


def OwnerScopedManager(*, path: str = ""):  # noqa: N802 (a factory, named like ScopedManager)
    """`path` leads from the model to the owning row, e.g. "roadmap__" for a roadmap's stages."""
    organization_field = f"{path}organization"
    municipality_field = f"{path}municipality"

    class Manager(models.Manager):
        def get_queryset(self):
            current = get_scope()
            queryset = super().get_queryset()
            if not current.get("_enabled", True):
                return queryset
            if "organization" not in current:
                return DisabledQuerySet(self.model, using=self._db, missing_scopes={"organization"})
            organizations = current["organization"]
            if not isinstance(organizations, (list, tuple)):
                organizations = [organizations]
            owned = Q(**{f"{organization_field}__in": organizations})
            if current.get("municipality") is not None:
                owned |= Q(
                    **{f"{organization_field}__isnull": True, municipality_field: current["municipality"]}
                )
            return queryset.filter(owned)

    return Manager()


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


def owner_scope(owner):
    """The scope a request of this tenant opens (TenantMiddleware), for commands and tasks too:
    an organisation's own rows; for a municipality, its organisations' rows (which its pages
    only aggregate) and its own."""
    from django_scopes import scope

    from .models import Organization

    if isinstance(owner, Organization):
        return scope(organization=owner)
    # An empty list still filters (to nothing); never None, which would disable the filter.
    organization_ids = list(owner.organizations.values_list("pk", flat=True))
    return scope(organization=organization_ids, municipality=owner.pk)


def owner_by_slug(slug: str):
    """An organisation, or else a municipality, by its slug; None when neither exists."""
    from .models import Municipality, Organization

    return Organization.objects.filter(slug=slug).first() or Municipality.objects.filter(slug=slug).first()
