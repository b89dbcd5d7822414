import os
import secrets
import subprocess
import sys

from django.conf import settings


def test_check_deploy_with_production_settings_reports_no_warnings():
    # The browser tests allow Django's sync calls inside Playwright's loop; production never does.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_portal"),
        "EMAIL_URL": "smtp+tls://portal@example.org:secret@smtp.example.org:587",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_collectstatic_finds_every_referenced_file(tmp_path):
    """The manifest storage fails on a file that a stylesheet or script refers to but
    that is missing (e.g. a source map of a vendored library)."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": "sqlite:////tmp/unused.sqlite3",
        "EMAIL_URL": "consolemail://",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
