from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import transaction
from django_scopes import scopes_disabled

from apps.core.tasks import OnCommitTask, TenantTask

from .importing.service import (
    import_run_check,
    import_run_confirm,
    import_run_not_sent,
    import_runs_to_send_again,
)
from .models import ImportRun
from .retention import apply_retention

# 20,000 rows take about 10 s (docs/PERFORMANCE.md); the limits stay under the broker's
# visibility timeout (settings: CELERY_BROKER_TRANSPORT_OPTIONS), like the PDF renders'.
IMPORT_SOFT_LIMIT = 120
IMPORT_HARD_LIMIT = 150


class ImportTask(TenantTask):
    def not_sent(self, args, kwargs):
        import_run_not_sent(args[0])


@shared_task(base=OnCommitTask)
def apply_personal_data_retention():
    """Daily: remove the personal data whose purpose or consent has ended."""
    result = apply_retention()
    return {"anonymised": result.anonymised, "records_purged": result.records_purged}


@shared_task(base=ImportTask, soft_time_limit=IMPORT_SOFT_LIMIT, time_limit=IMPORT_HARD_LIMIT)
def check_import_run(run_id: int, *, owner):
    """Read and check an uploaded file; the run keeps the preview or the errors."""
    import_run_check(ImportRun.objects.get(pk=run_id, organization=owner))


@shared_task(base=ImportTask, soft_time_limit=IMPORT_SOFT_LIMIT, time_limit=IMPORT_HARD_LIMIT)
def confirm_import_run(run_id: int, actor_id: int | None, *, owner):
    """Write a confirmed import. Running it twice writes once (see import_run_confirm)."""
    actor = get_user_model().objects.filter(pk=actor_id).first()
    import_run_confirm(ImportRun.objects.get(pk=run_id, organization=owner), actor=actor)


@shared_task(base=OnCommitTask)
def resend_stuck_imports() -> int:
    """Every few minutes (beat): check and import jobs the broker refused or lost are sent
    again. Idempotent: a run is sent again only once it has waited minutes, and a job
    delivered twice does its work once."""
    with scopes_disabled(), transaction.atomic():
        due = import_runs_to_send_again()
        for run in due:
            if run.state == ImportRun.State.CHECKING:
                check_import_run.delay(run.pk, owner=run.organization)
            else:
                confirm_import_run.delay(run.pk, run.confirmed_by_id, owner=run.organization)
    return len(due)
