"""The embedded default: with nothing configured the portal runs on a SQLite file and
Celery runs tasks in the process. Walked in a copy of the project, in subprocesses."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SMOKE = """
from django.conf import settings
from django.core import mail
from django.test import Client

assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
assert settings.CELERY_TASK_ALWAYS_EAGER
client = Client(HTTP_HOST="localhost")
response = client.post("/accounts/login/", {"username": "curator-licey-7", "password": "demo12345"})
assert response.status_code == 302, response.status_code
response = client.get("/", follow=True)
assert response.status_code == 200, response.status_code
assert "Лицей" in response.content.decode()
client.post("/accounts/password_reset/", {"email": "director-licey-7@demo.mentoring.local"})
print("HOME", response.redirect_chain[-1][0])
"""

UNSET = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "EMAIL_URL")


def _manage(project: Path, *args, env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_migrate_load_demo_sign_in_and_home_on_sqlite(tmp_path):
    project = tmp_path / "portal"
    shutil.copytree(
        settings.BASE_DIR,
        project,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "media", "staticfiles", "db.sqlite3", ".env", "reports"
        ),
    )
    env = {k: v for k, v in os.environ.items() if k not in UNSET}

    _manage(project, "migrate", "--noinput", env=env)
    assert (project / "db.sqlite3").exists()
    demo = _manage(project, "load_demo", env=env)
    assert "curator-licey-7" in demo
    out = _manage(project, "shell", "-c", SMOKE, env=env)
    assert "HOME /o/licey-7/" in out
    # The console e-mail backend printed the reset letter: the eager task ran in-process.
    assert "/accounts/reset/" in out
