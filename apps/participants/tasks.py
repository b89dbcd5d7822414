from celery import shared_task
from django.contrib.auth import get_user_model

from apps.core.tasks import OnCommitTask, TenantTask

from .importing.service import import_run_check, import_run_confirm
from .models import ImportRun
from .retention import apply_retention

# 20,000 rows take about 10 s (docs/PERFORMANCE.md); the limits stay under the broker's
# visibility timeout (settings: CELERY_BROKER_TRANSPORT_OPTIONS), like the PDF renders'.
IMPORT_SOFT_LIMIT = 120
IMPORT_HARD_LIMIT = 150


@shared_task(base=OnCommitTask)
def apply_personal_data_retention():
    """Daily: remove the personal data whose purpose or consent has ended."""
    result = apply_retention()
    return {"anonymised": result.anonymised, "records_purged": result.records_purged}


@shared_task(base=TenantTask, soft_time_limit=IMPORT_SOFT_LIMIT, time_limit=IMPORT_HARD_LIMIT)
def check_import_run(run_id: int, *, owner):
    """Read and check an uploaded file; the run keeps the preview or the errors."""
    import_run_check(ImportRun.objects.get(pk=run_id, organization=owner))


@shared_task(base=TenantTask, soft_time_limit=IMPORT_SOFT_LIMIT, time_limit=IMPORT_HARD_LIMIT)
def confirm_import_run(run_id: int, actor_id: int, *, owner):
    """Write a checked import. Running it twice writes once (see import_run_confirm)."""
    actor = get_user_model().objects.filter(pk=actor_id).first()
    import_run_confirm(ImportRun.objects.get(pk=run_id, organization=owner), actor=actor)
