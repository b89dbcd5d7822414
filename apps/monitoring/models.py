"""What monitoring keeps: headcounts (the denominators of «10 % mentors»), quarterly
snapshots of the targets (the trends) and of the breakdowns, and the reports generated as PDF."""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.models import OwnedModel, TenantModel


class Headcount(TenantModel):
    """How many students and teachers the organisation has in a year, all of them."""

    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    students = models.PositiveIntegerField(_("students"), null=True, blank=True)
    teachers = models.PositiveIntegerField(_("teachers"), null=True, blank=True)

    class Meta:
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")
        constraints = [
            models.UniqueConstraint(fields=["organization", "academic_year"], name="one_headcount_per_year")
        ]


class TargetSnapshot(TenantModel):
    """A target's numbers in a quarter, refreshed hourly while the quarter runs: the trends,
    and the committee's dashboard, which reads them instead of recounting 50,000 people."""

    period = models.CharField(max_length=7)  # "2026-Q4"
    code = models.CharField(max_length=32)
    numerator = models.PositiveIntegerField(default=0)
    denominator = models.PositiveIntegerField(default=0)
    taken_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period", "code"], name="one_snapshot_per_quarter"
            )
        ]
        indexes = [models.Index(fields=["period", "code"])]


class BreakdownSnapshot(TenantModel):
    """An organisation's breakdowns in a quarter (`breakdowns.counts`: by form of mentoring,
    category, age group, mentors by origin, pupils aged 10–18, inclusion groups), refreshed
    hourly with the targets while the quarter runs: the committee's dashboard reads them
    instead of counting every enrolment of the municipality on each request. The inclusion
    groups are stored as shown (a count under three already withheld), never the raw count.
    `satisfaction`: the academic year's responses and average score so far, as shown (an
    average of fewer than three responses withheld), with the year's first day."""

    period = models.CharField(max_length=7)  # "2026-Q4"
    counts = models.JSONField()
    satisfaction = models.JSONField(null=True, blank=True)
    taken_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "period"], name="one_breakdown_per_quarter")
        ]


class MunicipalitySnapshot(OwnedModel):
    """A municipality's snapshots of a quarter summed over its active organisations, written by
    the hourly recount (`services.municipality_snapshots_take`): the committee's dashboard reads
    these few rows instead of summing 64,000 snapshots at 1,000 organisations on each request.

    `targets`: per target code its numerator, denominator, how many organisations had it and
    the oldest time taken. `breakdowns`: the breakdowns summed as `breakdowns.recorded_sum`
    gives them, for the quarter the recount saw running (a closed quarter keeps its last).
    Each part names the organisations it summed (`digest_of`): a part is read only while the
    municipality's active organisations are those, and anything else that writes a closed
    quarter's snapshots (the demo's history) takes this snapshot again after."""

    period = models.CharField(max_length=7)  # "2026-Q4"
    organizations_digest = models.CharField(max_length=32)
    targets = models.JSONField()
    breakdowns = models.JSONField(null=True, blank=True)
    taken_at = models.DateTimeField()

    class Meta:
        constraints = [
            # The municipality's own rows only (no organisation): a plain key, for the upsert.
            models.UniqueConstraint(
                fields=["municipality", "period"], name="one_municipality_snapshot_per_quarter"
            )
        ]

    @staticmethod
    def digest_of(organization_ids) -> str:
        """Names a set of organisations in 32 characters, whatever their order."""
        return hashlib.md5(",".join(map(str, sorted(organization_ids))).encode()).hexdigest()


class MonitoringReport(OwnedModel):
    """A quarterly or annual report of an organisation, or the committee's summary."""

    # Always set, for an organisation's report too: the uniqueness constraints read it.
    municipality = models.ForeignKey(
        "organizations.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    period = models.CharField(_("period"), max_length=7)  # "2026-Q4" or "2026"
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

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

    def get_absolute_url(self):
        if self.organization_id:
            return reverse("monitoring:reports", kwargs={"org_slug": self.organization.slug})
        return reverse("committee_monitoring:reports", kwargs={"municipality_slug": self.municipality.slug})
