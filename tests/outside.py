"""Run a management command as a shell script would: another process, the test database."""

import os
import subprocess
import sys

from django.conf import settings


def run_manage(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Needs a transactional test: the other process sees only committed rows."""
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
