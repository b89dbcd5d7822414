"""The embedded default: with nothing configured the portal runs on a SQLite file and
Celery runs tasks in the process. Walked in a copy of the project, in another process."""

import os
import shutil

from django.conf import settings

from tests.outside import outside_manage

SMOKE = """
from django.conf import settings

from tests.outside import outside_manage
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

from django_scopes import scopes_disabled
from apps.documents.models import Document

# The demo's documents, rendered by the eager tasks of load_demo: each built from the SQLite rows.
with scopes_disabled():
    states = list(Document.objects.values_list("state", flat=True))
assert states and set(states) == {Document.State.READY}, states
print("DOCUMENTS", len(states))
"""

# What the walk does not prove, costly and the same on any database, made cheap in its process:
# the password hasher's work factor (PBKDF2's 1,000,000 rounds for each of the demo's users and
# the sign-in: the same hasher, fewer rounds) and WeasyPrint's layout of the demo's PDFs (the
# documents' tests lay them out on PostgreSQL). Each document's content is still read from the
# SQLite rows and its template rendered, and the walk checks that every one is ready.
PRELUDE = """
import io, zipfile
from django.contrib.auth.hashers import PBKDF2PasswordHasher
import apps.documents.pdf as pdf

PBKDF2PasswordHasher.iterations = 1000
LAID_OUT = b"%PDF-1.7\\n% not laid out: tests/test_embedded_default.py\\n%%EOF\\n"


def _content(template_name, context):
    with pdf.translation.override("ru"):
        return pdf.render_to_string(template_name, context)


def render_pdf(template_name, context, *, archival=False, fetcher=None):
    assert _content(template_name, context)
    return LAID_OUT


def render_pdf_parts(template_name, context, parts):
    html = _content(template_name, context)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for anchor, filename in parts:
            assert f'id="{anchor}"' in html, anchor
            archive.writestr(filename, LAID_OUT)
    return buffer.getvalue()


pdf.render_pdf, pdf.render_pdf_parts = render_pdf, render_pdf_parts
"""

UNSET = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE", "EMAIL_URL")


def _ok(result):
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

    # The three commands in turn, each as `manage.py` runs it, in one process of the copy.
    with outside_manage(cwd=project, env=env, prelude=PRELUDE) as manage:
        _ok(manage("migrate", "--noinput", timeout=300))
        assert (project / "db.sqlite3").exists()
        demo = _ok(manage("load_demo", timeout=300))
        assert "curator-licey-7" in demo
        out = _ok(manage("shell", "-c", SMOKE, timeout=300))
    assert "HOME /o/licey-7/" in out
    # The console e-mail backend printed the reset letter: the eager task ran in-process.
    assert "/accounts/reset/" in out
