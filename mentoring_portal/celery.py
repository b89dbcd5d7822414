"""The Celery application: configured from Django settings (CELERY_* names).

https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
"""

import os
import resource

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.local")

# Every task sends itself only after the surrounding transaction commits (apps/core/tasks.py);
# tasks of one tenant say base=TenantTask.
app = Celery("mentoring_portal", task_cls="apps.core.tasks:OnCommitTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def limit_memory(**kwargs):
    """A runaway render (a huge table in an order) fails with MemoryError in its own pool
    process, recorded as a failed document, instead of starving the machine."""
    from django.conf import settings

    limit = settings.WORKER_MEMORY_LIMIT_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
