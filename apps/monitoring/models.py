"""What monitoring keeps: headcounts (the denominators of «10 % mentors»), quarterly
snapshots of the targets (the trends), and the reports generated as PDF."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from apps.core.scoping import OwnerScopedManager


class Headcount(models.Model):
    """How many students and teachers the organisation has in a year, all of them."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    students = models.PositiveIntegerField(_("students"), null=True, blank=True)
    teachers = models.PositiveIntegerField(_("teachers"), null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")
        constraints = [
            models.UniqueConstraint(fields=["organization", "academic_year"], name="one_headcount_per_year")
        ]


class TargetSnapshot(models.Model):
    """A target's numbers in a quarter, refreshed hourly while the quarter runs: the trends,
    and the committee's dashboard, which reads them instead of recounting 50,000 people."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)  # "2026-Q4"
    code = models.CharField(max_length=32)
    numerator = models.PositiveIntegerField(default=0)
    denominator = models.PositiveIntegerField(default=0)
    taken_at = models.DateTimeField()

    objects = ScopedManager(organization="organization")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period", "code"], name="one_snapshot_per_quarter"
            )
        ]
        indexes = [models.Index(fields=["period", "code"])]


class MonitoringReport(models.Model):
    """A quarterly or annual report of an organisation, or the committee's summary."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    municipality = models.ForeignKey("organizations.Municipality", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("period"), max_length=7)  # "2026-Q4" or "2026"
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnerScopedManager()

    class Meta:
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")
        ordering = ["-period", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "municipality", "period"], name="one_report_per_owner_period"
            ),
            models.UniqueConstraint(
                fields=["municipality", "period"],
                condition=models.Q(organization__isnull=True),
                name="one_summary_per_period",
            ),
        ]

    @property
    def owner(self):
        return self.organization or self.municipality

    def get_absolute_url(self):
        if self.organization_id:
            return reverse("monitoring:reports", kwargs={"org_slug": self.organization.slug})
        return reverse("committee_monitoring:reports", kwargs={"municipality_slug": self.municipality.slug})
