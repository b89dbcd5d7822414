"""Scheduled: the targets and the breakdowns of every organisation stored hourly for the
running quarter (the trends, the committee's dashboard), and the reports due at the start of
a quarter and of a year. Both span every tenant, hence OnCommitTask and no tenant scope."""

from celery import shared_task
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.tasks import OnCommitTask
from apps.organizations.models import Municipality, Organization

from .models import MonitoringReport
from .periods import periods_due
from .services import report_request, snapshots_take


@shared_task(base=OnCommitTask)
def take_target_snapshots() -> int:
    with scopes_disabled():
        ids = list(Organization.objects.filter(is_active=True).values_list("pk", flat=True))
        return snapshots_take(organization_ids=ids, day=timezone.localdate())


@shared_task(base=OnCommitTask)
def generate_due_reports() -> int:
    """Daily: in the first days of a quarter, the report of the quarter just ended (and in
    January of the year just ended) for every organisation, and the summary of every
    municipality. A report already there is not queued again, so later runs queue nothing."""
    periods = periods_due(timezone.localdate())
    if not periods:
        return 0
    queued = 0
    with scopes_disabled():
        owners = [*Organization.objects.filter(is_active=True), *Municipality.objects.all()]
        # Which reports exist already, in one query: (organisation id or None, municipality id, period).
        made = set(
            MonitoringReport.objects.filter(period__in=periods).values_list(
                "organization_id", "municipality_id", "period"
            )
        )
        for period in periods:
            for owner in owners:
                if isinstance(owner, Organization):
                    key = (owner.pk, owner.municipality_id, period)
                else:
                    key = (None, owner.pk, period)
                if key not in made:
                    report_request(owner=owner, period=period, actor=None)
                    queued += 1
    return queued
