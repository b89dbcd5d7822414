"""Monitoring's writes: headcounts, quarterly snapshots (targets and breakdowns), reports."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from apps.documents.services import document_request
from apps.organizations.models import Organization

from . import breakdowns, targets
from .models import BreakdownSnapshot, Headcount, MonitoringReport, MunicipalitySnapshot, TargetSnapshot
from .periods import last_quarters, quarter_of
from .selectors import STORED_QUARTERS, satisfaction, summed_by_period

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
    municipality_snapshots_take(organization_ids=organization_ids, day=day)
    return len(rows)


def municipality_snapshots_take(*, organization_ids: list[int], day: date) -> int:
    """The municipalities of these organisations: their active organisations' snapshots summed
    per quarter (the last STORED_QUARTERS), and the running quarter's breakdowns. Returns the
    rows written."""
    theirs = Organization.objects.filter(pk__in=organization_ids).values("municipality_id")
    active: dict[int, list[int]] = {}
    for org, municipality in Organization.objects.filter(
        municipality_id__in=theirs, is_active=True
    ).values_list("pk", "municipality_id"):
        active.setdefault(municipality, []).append(org)
    periods, running = last_quarters(day, STORED_QUARTERS), quarter_of(day)
    now = timezone.now()
    rows, running_rows = [], []
    for municipality, ids in active.items():
        digest = MunicipalitySnapshot.digest_of(ids)
        found = summed_by_period(ids, periods)
        summed, counted_at, anything = breakdowns.recorded_sum(ids, day, day)
        for period in periods:  # a quarter with nothing recorded too: the page needs not ask again
            row = MunicipalitySnapshot(
                municipality_id=municipality,
                period=period,
                organizations_digest=digest,
                targets={
                    code: {**numbers, "taken_at": numbers["taken_at"].isoformat()}
                    for code, numbers in found[period].items()
                },
                taken_at=now,
            )
            if period == running:
                row.breakdowns = {
                    "digest": digest,
                    "summed": summed,
                    "counted_at": counted_at.isoformat() if counted_at else None,
                    "found": anything,
                }
                running_rows.append(row)
            else:
                rows.append(row)
    upsert = {"update_conflicts": True, "unique_fields": ["municipality", "period"]}
    # A closed quarter keeps the breakdowns counted while it ran: only its targets are summed again.
    MunicipalitySnapshot.objects.bulk_create(
        rows, update_fields=["organizations_digest", "targets", "taken_at"], **upsert
    )
    MunicipalitySnapshot.objects.bulk_create(
        running_rows, update_fields=["organizations_digest", "targets", "breakdowns", "taken_at"], **upsert
    )
    return len(rows) + len(running_rows)


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
