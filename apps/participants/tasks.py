from celery import shared_task

from .retention import apply_retention


@shared_task
def apply_personal_data_retention():
    """Daily: remove the personal data whose purpose or consent has ended."""
    result = apply_retention()
    return {"anonymised": result.anonymised, "records_purged": result.records_purged}
