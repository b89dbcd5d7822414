"""The hourly run of reminders (CELERY_BEAT_SCHEDULE) and one digest's e-mail.

Exactly one beat sends the hourly run: docker-compose.yml has one `beat` service (never
scale it, never add `-B` to a worker). Should a second beat or a redelivered message run
it twice anyway, the unique keys of apps/reminders/services.py store and send nothing twice.

Both tasks span tenants (a person's digest gathers all their workplaces): OnCommitTask.
"""

from celery import shared_task

from apps.core.tasks import OnCommitTask

from . import services


@shared_task(base=OnCommitTask)
def send_daily_reminders(*, now=None):
    """Hourly, on the hour: the reminders of the organisations where it is 07:00 (or later,
    for a run that was missed), stored once per local day, then the e-mail digests that are
    complete and those whose e-mail was lost, each sent by its own job. (`now`: for tests.)"""
    report, digest_ids = services.daily_reminders_run(now=now)
    for digest_id in digest_ids:
        send_digest.delay(digest_id=digest_id)
    return report


@shared_task(base=OnCommitTask, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_digest(*, digest_id: int):
    """The PDF digest of one person's day, by e-mail; a mail server that is down (OSError,
    smtplib's errors included) is retried with back-off."""
    return services.digest_send(digest_id=digest_id)
