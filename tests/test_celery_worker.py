"""A real Celery worker on the real Redis broker delivers the e-mails of the portal."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from mentoring_portal.celery import app as celery_app


@pytest.fixture
def celery_worker():
    """A worker thread consuming a queue of its own on the broker of the settings."""
    queue = f"test-{uuid.uuid4().hex}"
    overrides = {"task_always_eager": False, "task_default_queue": queue}
    saved = {key: celery_app.conf[key] for key in overrides}
    celery_app.conf.update(overrides)
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10
        ):
            yield
    finally:
        celery_app.conf.update(saved)


def _wait_for_outbox(count, seconds=20):
    deadline = time.monotonic() + seconds
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return mail.outbox


# Celery's Django fix-up closes the database connection when the worker starts:
# only a transactional test survives that, and the worker starts before the data.
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_password_reset_letter(celery_worker, client, tenant_a):
    assert celery_app.conf.broker_url.startswith("redis://")
    response = client.post(reverse("password_reset"), {"email": tenant_a.curator.email})
    assert response.status_code == 302
    outbox = _wait_for_outbox(1)
    assert [m.to for m in outbox] == [[tenant_a.curator.email]]
    assert "/accounts/reset/" in outbox[0].body


def _wait_for_state(run, states, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.state in states:
            return run
        time.sleep(0.1)
    return run


@pytest.mark.django_db(transaction=True)
def test_the_worker_checks_and_imports_an_uploaded_file(celery_worker, client, tenant_a):
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.participants.models import ImportRun, Participant
    from tests.participants.xlsx_files import person, xlsx

    rows = [person(f"Рабочий{i}", "Тест", birth=date(2011, 1, 1 + i)) for i in range(20)]
    client.force_login(tenant_a.staff)
    base = f"/o/{tenant_a.organization.slug}/participants/import/"
    client.post(base, {"file": SimpleUploadedFile("big.xlsx", xlsx(rows))})
    run = ImportRun.objects.filter(organization=tenant_a.organization).latest("pk")
    run = _wait_for_state(run, {ImportRun.State.CHECKED, ImportRun.State.INVALID})
    assert run.state == ImportRun.State.CHECKED, run.errors or run.file_error
    assert run.progress == 100

    client.post(f"{base}{run.pk}/confirm/")
    run = _wait_for_state(run, {ImportRun.State.DONE, ImportRun.State.INVALID})
    assert run.state == ImportRun.State.DONE
    assert Participant.objects.filter(last_name__startswith="Рабочий").count() == 20


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_the_roadmap_pdf(celery_worker, client, tenant_a):
    from apps.documents.models import Document
    from apps.roadmap.services import roadmap_create
    from apps.roadmap.template_library import get_template

    roadmap = roadmap_create(
        owner=tenant_a.organization, year=2026, data=get_template("gloria"), source="template"
    )
    client.force_login(tenant_a.curator)
    url = reverse("roadmap:pdf", kwargs={"org_slug": tenant_a.organization.slug, "roadmap_id": roadmap.pk})
    client.post(url)
    client.post(url)  # a double click queues one job
    document = Document.objects.get(subject_id=roadmap.pk, kind="roadmap")
    document = _wait_for_state(document, {"ready", "failed"})
    assert document.state == "ready", document.error
    assert document.file.read().startswith(b"%PDF") and len(document.sha256) == 64
    download = client.get(
        reverse(
            "documents:download", kwargs={"org_slug": tenant_a.organization.slug, "document_id": document.pk}
        )
    )
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
