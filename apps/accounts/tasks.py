from celery import shared_task
from django.contrib.sessions.models import Session
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from apps.core.tasks import OnCommitTask


@shared_task(base=OnCommitTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, subject: str, body: str, to: list[str], html_body: str | None = None):
    """Send one e-mail; a mail server that is down is retried with back-off."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


@shared_task(base=OnCommitTask)
def clear_expired_sessions():
    """Daily: drop sessions that ended, so that no stale sign-in lingers in the database."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
