"""The base of every row a tenant owns.

`TenantModel`: a row of one organisation. Its `organization` key, its scoped manager (a
query outside the tenant's scope raises instead of returning everybody's rows) and its
audit entries (`row.log(...)`) come from here, written once.

A child row whose parent is itself a tenant row names it in `tenant_parent` (e.g. "pair"):
its organisation is then taken from the parent when it is not given, and a different one
is refused. The key stays on the child for its indexes and for plain filters.

`OwnedModel`: a row of an organisation, or of a municipality itself (the committee's
roadmap, documents, reports): `organization` is then NULL.

`FormSubmission`: the kernel's one table, the used tokens of creating forms (idempotency.py).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import OwnerScopedManager, TenantManager


class TenantMismatch(ValueError):
    """A child row was given an organisation other than its parent's."""


class TenantRowManager(models.Manager):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        parent_field = self.model.tenant_parent
        if parent_field:
            # The parents' organisations in one query, not one per row.
            attname = self.model._meta.get_field(parent_field).attname
            parent_model = self.model._meta.get_field(parent_field).related_model
            unloaded = {
                getattr(obj, attname)
                for obj in objs
                if getattr(obj, attname) is not None and not obj._state.fields_cache.get(parent_field)
            }
            organizations = dict(
                parent_model._base_manager.filter(pk__in=unloaded).values_list("pk", "organization_id")
            )
            for obj in objs:
                obj.inherit_tenant(organizations.get(getattr(obj, attname)))
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

    def inherit_tenant(self, parent_organization_id=None) -> None:
        """Take the parent's organisation; refuse another one."""
        if self.tenant_parent is None:
            return
        field = self._meta.get_field(self.tenant_parent)
        parent_id = getattr(self, field.attname)
        # No parent yet (a form's empty instance): nothing to take or to check.
        if parent_id is None:
            return
        if parent_organization_id is None:
            parent = self._state.fields_cache.get(self.tenant_parent)
            if parent is not None:
                parent_organization_id = parent.organization_id
            else:  # only the parent's key, not the whole row
                parent_organization_id = (
                    field.related_model._base_manager.filter(pk=parent_id)
                    .values_list("organization_id", flat=True)
                    .get()
                )
        if self.organization_id is None:
            self.organization_id = parent_organization_id
        elif self.organization_id != parent_organization_id:
            raise TenantMismatch(
                f"{type(self).__name__}.organization ({self.organization_id}) differs from its "
                f"{self.tenant_parent}'s ({parent_organization_id})"
            )

    def full_clean(self, *args, **kwargs):
        # A child built from its parent alone is validated with the parent's organisation.
        self.inherit_tenant()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.inherit_tenant()
        super().save(*args, **kwargs)

    def log(self, action: str, *, actor, data: dict | None = None, target=None):
        """Leave an audit entry about this row (or `target`, a part of it such as a roadmap's
        stage), in its tenant. Call it inside the change's transaction."""
        # The audit app sits above the kernel; imported when a change is logged.
        from apps.audit.services import log_action

        return log_action(
            organization=self.organization if self.organization_id else None,
            municipality=None if self.organization_id else getattr(self, "municipality", None),
            actor=actor,
            action=action,
            target=target or self,
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


class FormSubmission(models.Model):
    """A creating form's token, used: a second POST with it creates nothing (idempotency.py).
    No tenant's row: its key is a hash of the person, the form's address and the token."""

    key = models.CharField(max_length=64, unique=True)
    result_url = models.CharField(max_length=2000, blank=True)  # where the first POST was sent
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
