"""Items of a committee's roadmap assigned to its organisations (issue #19).

The committee's roadmap (seed 002) names activities each organisation must do: 1.2 orders
on implementing ЦМН by 16 November, 1.3 agreements with partners, 3.1 site sections. An
`AssignedItem` is one such activity asked of one organisation, with a deadline; the
organisation closes it with evidence. The row is the organisation's (`TenantModel`): the
committee's scope covers its organisations, so it reads them; another committee does not.

What the committee reads of the evidence is its kind, title, number, date and, for a
publication, its public address: never a file (it may hold personal data).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantModel
from apps.core.storage import private_storage


class AssignedItem(TenantModel):
    class Evidence(models.TextChoices):
        ORDER = "order", _("An approved order")
        AGREEMENT = "agreement", _("An agreement")
        PUBLICATION = "publication", _("A publication on the website")
        FILE = "file", _("A file or a link")

    # States as the committee reads them; none is stored but the date it was done.
    DONE = "done"
    OVERDUE = "overdue"
    NOT_STARTED = "not_started"
    STATE_LABELS = {DONE: _("Done"), OVERDUE: _("Overdue"), NOT_STARTED: _("Not started")}

    activity = models.ForeignKey(
        "roadmap.Activity", verbose_name=_("activity"), on_delete=models.CASCADE, related_name="assignments"
    )
    due_on = models.DateField(_("deadline"))
    note = models.TextField(_("what the committee asks"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    done_on = models.DateField(_("done on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_kind = models.CharField(_("evidence"), max_length=12, choices=Evidence.choices, blank=True)
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("order"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the committee reads: copied from the order when the evidence is one.
    evidence_title = models.CharField(_("document"), max_length=500, blank=True)
    evidence_number = models.CharField(_("number"), max_length=50, blank=True)
    evidence_date = models.DateField(_("date of the document"), null=True, blank=True)
    evidence_url = models.URLField(_("address"), max_length=500, blank=True)
    evidence_file = models.FileField(
        _("file"), storage=private_storage, upload_to="assignments/%Y/", blank=True
    )

    class Meta:
        verbose_name = _("assigned item")
        verbose_name_plural = _("assigned items")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "organization"], name="one_assignment_per_organization"
            ),
        ]

    def __str__(self):
        return f"{self.activity.number} {self.activity.title}".strip()

    def state(self, today=None) -> str:
        if self.done_on is not None:
            return self.DONE
        if self.due_on < (today or timezone.localdate()):
            return self.OVERDUE
        return self.NOT_STARTED

    def state_label(self) -> str:
        return self.STATE_LABELS[self.state()]

    @property
    def evidence_summary(self) -> str:
        return evidence_words(self.evidence_title, self.evidence_number, self.evidence_date)


def evidence_words(title: str, number: str, dated) -> str:
    """«О внедрении целевой модели наставничества № 12/1-ОД от 05.10.2026»: what the committee reads."""
    parts = [title]
    if number:
        parts.append(f"№ {number}")
    if dated:
        parts.append(f"от {dated:%d.%m.%Y}")
    return " ".join(part for part in parts if part)
