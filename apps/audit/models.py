from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import OwnedModel, TenantRowManager
from apps.core.scoping import OwnerScopedManager

from .actions import ACTION_LABELS


class AuditEntry(OwnedModel):
    """One change made in an organisation: who, when, what (a dotted action code).

    `municipality` is set, with `organization` empty, for changes to what a municipality
    itself owns (its roadmap); `region`, with both empty, for the regional centre's own (its
    monitoring forms). `data` holds the changed values by field name. Entries are never
    edited. Written by apps.audit.services.log_action only (`row.log(...)` calls it).
    """

    region = models.ForeignKey(
        "organizations.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100)
    target_type = models.ForeignKey(ContentType, null=True, on_delete=models.SET_NULL)
    target_id = models.PositiveBigIntegerField(null=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = OwnerScopedManager(manager_class=TenantRowManager, owners=("municipality", "region"))

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def label(self) -> str:
        """What happened, in words a director reads."""
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def details(self) -> list[tuple[str, str]]:
        """Its data in words: (label, value) pairs (`details.entry_details`)."""
        from .details import entry_details

        return entry_details(self)

    def log(self, action, *, actor, data=None):
        raise TypeError("An audit entry is the log itself: it is never audited.")
