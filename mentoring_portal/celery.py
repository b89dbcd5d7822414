"""The Celery application: configured from Django settings (CELERY_* names).

https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.local")

app = Celery("mentoring_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
