"""The Celery tasks of events and letters. Thin: the work is in mail.py."""

from celery import shared_task

from apps.core.tasks import TenantTask

from .mail import invitation_emails_send


@shared_task(base=TenantTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_emails(event_id: int, *, owner) -> int:
    """E-mail the invitation, with an .ics file, to the invitees with an account not yet
    e-mailed. Idempotent: each invitation is e-mailed once."""
    return invitation_emails_send(event_id)
