"""The test suite: always the real PostgreSQL and Redis (see Makefile and README)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import database_from_env, env

DEBUG = False
DATABASES = {"default": database_from_env(default="postgres://postgres@127.0.0.1:5432/mentoring_portal")}
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=env("REDIS_URL", default="redis://127.0.0.1:6379/0"))
# Tests that need a worker start a real one (tests/conftest.py); the rest run tasks in-process.
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed, tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
AXES_FAILURE_LIMIT = 3

# Uploaded files of the tests go to a temporary folder, never into the repository; one per
# pytest-xdist worker (gw0, gw1…), as each has its own test database too.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "-".join(
    filter(None, ["mentoring-portal-test-media", os.environ.get("PYTEST_XDIST_WORKER")])
)
PRIVATE_MEDIA_ROOT = MEDIA_ROOT / "private"

# The test workers (tests/test_celery_worker.py) look for the jobs of a killed worker every
# second (kombu: at start, then every 10 s and scanning only every 10th time), so that such a
# job comes back as soon as its visibility timeout has passed; and an idle worker's BRPOP
# returns every 0.2 s (1 s by default), so that a stopped worker notices it sooner.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
    "polling_interval": 0.2,
}

# The API's rate counters are keyed by token id, and every pytest-xdist worker (and every run)
# numbers its tokens from its own database: a prefix per process keeps their counts apart in
# the one Redis.
CACHES["api"] = {**CACHES["api"], "KEY_PREFIX": f"test-{os.getpid()}"}  # noqa: F405
