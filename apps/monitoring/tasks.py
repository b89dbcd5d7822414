"""Daily: the targets of every organisation stored for the running quarter (the trends)."""

from celery import shared_task
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.organizations.models import Organization

from .services import snapshots_take


@shared_task
def take_target_snapshots() -> int:
    with scopes_disabled():
        ids = list(Organization.objects.filter(is_active=True).values_list("pk", flat=True))
        return snapshots_take(organization_ids=ids, day=timezone.localdate())


@shared_task
def generate_quarter_reports() -> int:
    """On the first day of a quarter: the previous quarter's report of every organisation and
    the summary of every municipality. A second run the same day finds them and queues nothing."""
    from apps.organizations.models import Municipality

    from .models import MonitoringReport
    from .periods import last_quarters
    from .services import report_request

    today = timezone.localdate()
    if today.day != 1 or today.month not in (1, 4, 7, 10):
        return 0
    period = last_quarters(today, 2)[0]
    queued = 0
    with scopes_disabled():
        owners = [*Organization.objects.filter(is_active=True), *Municipality.objects.all()]
        for owner in owners:
            is_organization = isinstance(owner, Organization)
            exists = MonitoringReport.objects.filter(
                organization=owner if is_organization else None,
                municipality=owner.municipality if is_organization else owner,
                period=period,
            ).exists()
            if not exists:
                report_request(owner=owner, period=period, actor=None)
                queued += 1
    return queued
