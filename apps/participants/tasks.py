from celery import shared_task
from django.contrib.auth import get_user_model

from apps.organizations.tasks import TenantTask

from .importing.service import import_run_check, import_run_confirm
from .models import ImportRun
from .retention import apply_retention


@shared_task
def apply_personal_data_retention():
    """Daily: remove the personal data whose purpose or consent has ended."""
    result = apply_retention()
    return {"anonymised": result.anonymised, "records_purged": result.records_purged}


@shared_task(base=TenantTask)
def check_import_run(run_id: int, *, organization):
    """Read and check an uploaded file; the run keeps the preview or the errors."""
    import_run_check(ImportRun.objects.get(pk=run_id, organization=organization))


@shared_task(base=TenantTask)
def confirm_import_run(run_id: int, actor_id: int, *, organization):
    """Write a checked import. Running it twice writes once (see import_run_confirm)."""
    actor = get_user_model().objects.filter(pk=actor_id).first()
    import_run_confirm(ImportRun.objects.get(pk=run_id, organization=organization), actor=actor)
