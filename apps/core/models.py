"""The base of every row a tenant owns.

`TenantModel`: a row of one organisation. Its `organization` key, its scoped manager (a
query outside the tenant's scope raises instead of returning everybody's rows) and its
audit entries (`row.log(...)`) come from here, written once.

A child row whose parent is itself a tenant row names it in `tenant_parent` (e.g. "pair"):
its organisation is then taken from the parent when it is not given, and a different one
is refused. The key stays on the child for its indexes and for plain filters.

`OwnedModel`: a row of an organisation, or of a municipality itself (the committee's
roadmap, documents, reports): `organization` is then NULL.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import OwnerScopedManager, TenantManager


class TenantMismatch(ValueError):
    """A child row was given an organisation other than its parent's."""


class TenantRowManager(models.Manager):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.inherit_tenant()
        return super().bulk_create(objs, *args, **kwargs)


class TenantModel(models.Model):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    objects = TenantManager(manager_class=TenantRowManager)

    # The foreign key to the tenant row this row belongs to, if any ("pair", "plan"…).
    tenant_parent: str | None = None

    class Meta:
        abstract = True

    @property
    def owner(self):
        """The tenant: who the row belongs to."""
        return self.organization

    def inherit_tenant(self) -> None:
        """Take the parent's organisation; refuse another one."""
        if self.tenant_parent is None:
            return
        parent = getattr(self, self.tenant_parent)
        if parent is None:
            return
        if self.organization_id is None:
            self.organization_id = parent.organization_id
        elif self.organization_id != parent.organization_id:
            raise TenantMismatch(
                f"{type(self).__name__}.organization ({self.organization_id}) differs from its "
                f"{self.tenant_parent}'s ({parent.organization_id})"
            )

    def save(self, *args, **kwargs):
        self.inherit_tenant()
        super().save(*args, **kwargs)

    def log(self, action: str, *, actor, data: dict | None = None):
        """Leave an audit entry about this row, in its tenant. Call it inside the change's
        transaction."""
        # The audit app sits above the kernel; imported when a change is logged.
        from apps.audit.services import log_action

        return log_action(
            organization=self.organization if self.organization_id else None,
            municipality=None if self.organization_id else getattr(self, "municipality", None),
            actor=actor,
            action=action,
            target=self,
            data=data,
        )


class OwnedModel(TenantModel):
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "organizations.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OwnerScopedManager(manager_class=TenantRowManager)

    class Meta:
        abstract = True

    @property
    def owner(self):
        return self.organization or self.municipality
