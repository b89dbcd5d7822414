"""Monitoring's writes: headcounts, quarterly snapshots (targets and breakdowns), reports."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from apps.documents.services import document_request
from apps.organizations.models import Organization

from . import breakdowns, targets
from .models import BreakdownSnapshot, Headcount, MonitoringReport, TargetSnapshot
from .periods import quarter_of
from .selectors import satisfaction

REPORT_KIND = "monitoring_report"


def snapshots_take(*, organization_ids: list[int], day: date) -> int:
    """Store (or refresh) the running quarter's numbers, the targets and the breakdowns: one
    upsert each for all organisations. Returns the targets' rows."""
    period = quarter_of(day)
    numbers = targets.compute(organization_ids, day)
    now = timezone.now()
    rows = [
        TargetSnapshot(
            organization_id=org, period=period, code=code, numerator=num, denominator=den, taken_at=now
        )
        for org, codes in numbers.items()
        for code, (num, den) in codes.items()
    ]
    TargetSnapshot.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["organization", "period", "code"],
        update_fields=["numerator", "denominator", "taken_at"],
        batch_size=2000,
    )
    found = breakdowns.counts(organization_ids, day)
    # The academic year's satisfaction so far, as the dashboards show it (an average of fewer
    # than three responses already withheld): `selectors.satisfaction_of_the_year` reads it.
    since = targets.academic_year_start(day)
    scores = satisfaction(organization_ids, since=since, until=day)
    BreakdownSnapshot.objects.bulk_create(
        [
            BreakdownSnapshot(
                organization_id=org,
                period=period,
                counts=counted,
                satisfaction={**scores[org], "since": since.isoformat()},
                taken_at=now,
            )
            for org, counted in found.items()
        ],
        update_conflicts=True,
        unique_fields=["organization", "period"],
        update_fields=["counts", "satisfaction", "taken_at"],
        batch_size=500,
    )
    return len(rows)


@transaction.atomic
def headcount_save(*, organization, academic_year: int, students, teachers, actor) -> Headcount:
    headcount, _created = Headcount.objects.update_or_create(
        organization=organization,
        academic_year=academic_year,
        defaults={"students": students, "teachers": teachers},
    )
    headcount.log("monitoring.headcount_changed", actor=actor, data={"year": academic_year})
    return headcount


@transaction.atomic
def report_request(*, owner, period: str, actor):
    """The report of a period, generated (again) as PDF by a worker."""
    if isinstance(owner, Organization):
        fields = {"organization": owner, "municipality": owner.municipality}
    else:
        fields = {"organization": None, "municipality": owner}
    report, _created = MonitoringReport.objects.get_or_create(
        **fields, period=period, defaults={"requested_by": actor}
    )
    document = document_request(subject=report, kind=REPORT_KIND, actor=actor)
    return report, document
