"""The production settings, checked as a deployment would run them (in subprocesses)."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

from tests.outside import outside_manage


def _production_env(**extra_env):
    # The browser tests allow Django's sync calls inside Playwright's loop; production never does.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return env | {
        "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "portal.example.org",
        "EMAIL_URL": "smtp+tls://portal@example.org:secret@smtp.example.org:587",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        **extra_env,
    }


def _production_manage(*args, **extra_env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=_production_env(**extra_env),
        capture_output=True,
        text=True,
        timeout=300,
    )


# WhiteNoise compresses every collected file twice (gzip and Brotli): 93 % of collectstatic's
# CPU here, nearly all of it the vendored and installed apps' files (Swagger UI, TinyMCE,
# the admin), and not what this test is about. In the test's process it compresses the
# portal's own files only (static/css, static/js), so that the compression step still runs.
ONLY_OWN_FILES_COMPRESSED = """
from whitenoise.storage import CompressedManifestStaticFilesStorage

_compress_files = CompressedManifestStaticFilesStorage.compress_files


def compress_own_files(self, names):
    return _compress_files(self, [name for name in names if name.startswith(("css/", "js/"))])


CompressedManifestStaticFilesStorage.compress_files = compress_own_files
"""


def test_check_deploy_with_production_settings_reports_no_warnings():
    result = _production_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_portal"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_collectstatic_finds_every_referenced_file(tmp_path):
    """The manifest storage fails on a file that a stylesheet or script refers to but
    that is missing (e.g. a source map of a vendored library)."""
    env = _production_env(DATABASE_URL="sqlite:////tmp/unused.sqlite3", STATIC_ROOT=str(tmp_path / "static"))
    with outside_manage(env=env, prelude=ONLY_OWN_FILES_COMPRESSED) as manage:
        result = manage("collectstatic", "--noinput", "-v", "0", timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()
    # The portal's own stylesheet, hashed and compressed as WhiteNoise serves it.
    assert list((tmp_path / "static" / "css").glob("portal.*.css.br"))


def test_production_refuses_to_start_without_a_broker():
    result = _production_manage(
        "check", DATABASE_URL="sqlite:////tmp/unused.sqlite3", CELERY_BROKER_URL="", REDIS_URL=""
    )
    assert result.returncode != 0
    assert "CELERY_BROKER_URL" in result.stderr
