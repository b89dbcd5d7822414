"""Notifications of a person, what they choose to receive, and the marks that make the
daily run idempotent.

These rows belong to a user, not to a tenant: the pages under /notifications/ show a
person their own rows across all their workplaces, always filtered by `user`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import kind_choices


class DigestSent(models.Model):
    """The one e-mail digest of a person for a local day. Created in the transaction that
    assigns the day's notifications to it; the e-mail goes out after that commits, and a
    second run finds the row and sends nothing. `sent_at` is set once the e-mail is sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail digest")
        verbose_name_plural = _("e-mail digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_and_day")]
        indexes = [models.Index(fields=["sent_at", "created_at"])]


class Notification(models.Model):
    """One reminder for one person: stored once per thing, kind and local day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    # Where it comes from: an organisation, or (organisation empty) a municipality's own roadmap.
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    municipality = models.ForeignKey(
        "organizations.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=kind_choices)
    # What it is about ("activity:12", "order:5"): with kind and day, the dedupe key.
    key = models.CharField(max_length=100)
    # The local date of the organisation on the day of the run.
    day = models.DateField(_("day"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)  # a path inside the portal
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    digest = models.ForeignKey(
        DigestSent, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "key", "day"], name="one_notification_per_thing_and_day"
            )
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["user", "read_at"]),
            models.Index(
                fields=["created_at"], condition=Q(digest__isnull=True), name="notification_undigested"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def source(self) -> str:
        if self.organization_id:
            return self.organization.short_name
        return self.municipality.committee_name if self.municipality_id else ""


class NotificationPreference(models.Model):
    """What a person receives of one kind; with no row, both channels are on."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=kind_choices)
    by_email = models.BooleanField(_("by e-mail"), default=True)
    in_portal = models.BooleanField(_("in the portal"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]


class DailyRun(models.Model):
    """A tenant's reminders of a local day have been computed and stored.

    Inserted first in the tenant's transaction: a concurrent run waits on the unique
    index and then skips the tenant; a run that fails rolls the row back with its
    notifications, and the next hourly run does the tenant again."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey(
        "organizations.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    day = models.DateField(_("day"))
    ran_at = models.DateTimeField(default=timezone.now)
    stored = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily run of reminders")
        verbose_name_plural = _("daily runs of reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "day"],
                condition=Q(organization__isnull=False),
                name="one_reminder_run_per_organization_and_day",
            ),
            models.UniqueConstraint(
                fields=["municipality", "day"],
                condition=Q(organization__isnull=True),
                name="one_reminder_run_per_municipality_and_day",
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=False) | Q(municipality__isnull=False),
                name="reminder_run_has_a_tenant",
            ),
        ]
