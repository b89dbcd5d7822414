"""Agreements with partner organisations (issue #18; seed 002 1.3 «Заключение соглашений с
организациями-партнерами»).

The partner itself stays `participants.PartnerOrganization` (its participants link to it, the
import and the API name it); this app adds its agreements and the pages. An agreement's status
is computed from its term, never stored: active, expiring (30 days or fewer to the end),
expired. An agreement without an end date runs until it is ended and is active.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantModel
from apps.core.storage import private_storage
from apps.participants.models import PartnerOrganization

EXPIRING_DAYS = 30


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRING = "expiring", _("Expiring")
    EXPIRED = "expired", _("Expired")


# Bootstrap's badge of each status, on every page that shows one.
STATUS_BADGES = {
    Status.ACTIVE: "text-bg-success",
    Status.EXPIRING: "text-bg-warning",
    Status.EXPIRED: "text-bg-secondary",
}


def status_on(ends_on: date | None, today: date) -> str:
    """The one rule; `selectors._status_counts` counts by the same bounds in SQL."""
    if ends_on is None or ends_on > today + timedelta(days=EXPIRING_DAYS):
        return Status.ACTIVE
    if ends_on >= today:
        return Status.EXPIRING
    return Status.EXPIRED


class Agreement(TenantModel):
    """An agreement (соглашение, договор о сотрудничестве) of the organisation with a partner."""

    partner = models.ForeignKey(
        PartnerOrganization,
        verbose_name=_("partner organisation"),
        on_delete=models.CASCADE,
        related_name="agreements",
    )
    tenant_parent = "partner"
    number = models.CharField(_("number"), max_length=50)
    concluded_on = models.DateField(_("concluded on"))
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(
        _("valid until"),
        null=True,
        blank=True,
        help_text=_("Leave empty for an agreement without an end date."),
    )
    subject = models.TextField(_("subject"))
    scan = models.FileField(
        _("scanned copy"), storage=private_storage, upload_to="agreements/%Y/", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-concluded_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "number", "concluded_on"], name="unique_agreement_number"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_it_starts",
                violation_error_message=_("The agreement cannot end before it starts."),
            ),
        ]
        indexes = [models.Index(fields=["organization", "ends_on"], name="agreement_org_ends")]

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The agreement cannot end before it starts.")})
        if self.starts_on and self.concluded_on and self.ends_on and self.ends_on < self.concluded_on:
            raise ValidationError({"ends_on": _("The agreement cannot end before it is concluded.")})

    def __str__(self):
        return f"№ {self.number} от {self.concluded_on:%d.%m.%Y}"

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def status_on(self, today: date) -> str:
        return status_on(self.ends_on, today)

    def get_status_display(self) -> str:
        return Status(self.status).label

    @property
    def scan_name(self) -> str:
        return self.scan.name.rsplit("/", 1)[-1] if self.scan else ""
