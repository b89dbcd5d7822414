"""A generated document (PDF) of a tenant: its state while a worker renders it, then the file."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import OwnedModel
from apps.core.storage import private_storage


class Document(OwnedModel):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RENDERING = "rendering", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Generation failed")

    # Always set, for an organisation's document too (its organisation's municipality).
    municipality = models.ForeignKey(
        "organizations.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=32)
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    file = models.FileField(storage=private_storage, upload_to="documents/%Y/", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When its render job was last sent, and whether the broker refused it (down): a job
    # waiting for minutes is sent again by the sweeper (tasks.resend_stuck_documents).
    queued_at = models.DateTimeField(default=timezone.now)
    send_failed = models.BooleanField(default=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "kind"])]
        constraints = [
            # One job in flight per subject and kind: a double click queues one render.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind"],
                condition=Q(state__in=["queued", "rendering"]),
                name="one_pending_document_per_subject",
            )
        ]

    def __str__(self):
        return self.filename or f"{self.kind} #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RENDERING)
