"""Tenant scopes on django-scopes' public API (ScopedManager, scope, get_scope).

A tenant is an organisation or a municipality (its committee). Each kind says which scope
its requests open (`scope_kwargs()`, on the models of apps.organizations), so the kernel
opens a tenant's scope without knowing the tenant models:

- an organisation's scope, `scope(organization=org)`, sees the rows of that organisation;
- a committee's scope, `scope(organization=<its organisations>, municipality=id)`, sees the
  rows of its organisations and the municipality's own rows (on models that can belong to it);
- a region's scope, `scope(organization=<its organisations>, region=id)`, sees the rows of
  its organisations and, on the models whose manager names "region" (the audit), its own;
- no scope at all raises on use, as ScopedManager does; `scopes_disabled()` sees everything.

The organisations of a committee's or a region's scope are a query (`values_list("pk",
flat=True)` of its organisations), which every scoped query embeds as a subquery: a list of
1,000 ids cost the ORM milliseconds to prepare on each of a committee dashboard's queries.
A list or a tuple of ids still works.
"""

from django.db import models
from django_scopes import ScopedManager, get_scope, scope


def owner_scope(owner):
    """The scope a request of this tenant opens (TenantMiddleware), for commands and tasks too."""
    return scope(**owner.scope_kwargs())


def _scoped(organization_field: str, manager_class):
    """ScopedManager on `organization_field`, which also takes a query of organisations."""
    scoped = ScopedManager(organization=organization_field, _manager_class=manager_class)

    class OrganizationsQueryToo(type(scoped)):
        def get_queryset(self):
            current = getattr(self, "_override_scope", None) or get_scope()
            organizations = current.get("organization")
            if current.get("_enabled", True) and isinstance(organizations, models.QuerySet):
                # django-scopes would compare it with `=`: skip to the manager class's own.
                return (
                    super(type(scoped), self)
                    .get_queryset()
                    .filter(**{f"{organization_field}__in": organizations})
                )
            return super().get_queryset()

    return OrganizationsQueryToo()


def TenantManager(*, path: str = "", manager_class=models.Manager):  # noqa: N802 (like ScopedManager)
    """Rows of an organisation; `path` leads from the model to the row that holds the
    organisation, e.g. "roadmap__" for a roadmap's stages."""
    return _scoped(f"{path}organization", manager_class)


def OwnerScopedManager(  # noqa: N802
    *, path: str = "", manager_class=models.Manager, owners: tuple[str, ...] = ("municipality",)
):
    """Rows of an organisation, or of an owner above it itself (`organization` NULL): a
    municipality, or for a model with a `region` key and `owners` naming it, a region."""
    organization_field = f"{path}organization"
    scoped = _scoped(organization_field, manager_class)

    class OwnersRowsToo(type(scoped)):
        def get_queryset(self):
            # ScopedManager's answer for the organisations (raising, filtered or, with
            # scopes disabled, everything), then the scope's owner's own rows OR-ed in.
            queryset = super().get_queryset()
            current = get_scope()
            if "organization" not in current:
                return queryset
            for owner in owners:
                if current.get(owner) is not None:
                    own = models.QuerySet(self.model, using=self._db).filter(
                        **{f"{organization_field}__isnull": True, f"{path}{owner}": current[owner]}
                    )
                    queryset = queryset | own
            return queryset

    return OwnersRowsToo()
