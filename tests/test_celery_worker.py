"""A real Celery worker on the real Redis broker delivers the e-mails of the portal."""

import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import worker_process_init
from django.core import mail
from django.urls import reverse

from mentoring_portal.celery import app as celery_app
from mentoring_portal.celery import limit_memory


@pytest.fixture
def celery_worker():
    """A worker thread consuming a queue of its own on the broker of the settings."""
    queue = f"test-{uuid.uuid4().hex}"
    overrides = {"task_always_eager": False, "task_default_queue": queue}
    saved = {key: celery_app.conf[key] for key in overrides}
    celery_app.conf.update(overrides)
    # The solo pool runs in this test process: the pool's memory ceiling would stay on it, and
    # every chromium it starts later (browser tests) would die at launch under that ceiling.
    worker_process_init.disconnect(limit_memory)
    try:
        with start_worker(
            celery_app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10
        ):
            yield
    finally:
        worker_process_init.connect(limit_memory)
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


@pytest.mark.django_db(transaction=True)
def test_a_failed_pdf_is_retried_from_the_page_and_the_worker_renders_it(
    celery_worker, client, tenant_a, monkeypatch
):
    from apps.documents import renderers
    from apps.documents.models import Document
    from apps.orders import services

    real = renderers.KINDS["order"]
    calls = []

    def fails_once(order):
        calls.append(order.pk)
        if len(calls) == 1:
            raise RuntimeError("the disk is full")
        return real.build(order)

    monkeypatch.setitem(
        renderers.KINDS, "order", renderers.DocumentKind("order", real.permission, fails_once)
    )
    order = services.order_draft(
        organization=tenant_a.organization, kind="regulation", actor=tenant_a.curator
    )
    services.order_submit(order=order, actor=tenant_a.curator)
    services.order_approve(order=order, actor=tenant_a.director)  # queues the PDF after the commit
    document = _wait_for_state(Document.objects.get(subject_id=order.pk, kind="order"), {"ready", "failed"})
    assert document.state == "failed" and "the disk is full" in document.error

    client.force_login(tenant_a.director)
    page = client.get(order.get_absolute_url())
    assert 'data-testid="document-retry"' in page.content.decode()
    retry = reverse(
        "documents:retry", kwargs={"org_slug": tenant_a.organization.slug, "document_id": document.pk}
    )
    client.post(retry)
    document = _wait_for_state(document, {"ready"})
    assert document.state == "ready" and document.attempts == 2 and document.error == ""


@pytest.mark.django_db(transaction=True)
def test_a_pdf_the_broker_refused_is_rendered_once_when_the_sweeper_sends_it(celery_worker, client, tenant_a):
    """Redis down when the PDF is asked for: the page says so and the row waits; once the
    broker is back the sweeper (sent as beat sends it) re-sends the job and the worker
    renders it, once."""
    from django.conf import settings

    from apps.documents.models import Document
    from apps.documents.tasks import resend_stuck_documents
    from apps.roadmap.services import roadmap_create
    from apps.roadmap.template_library import get_template

    from .broker import unreachable_broker

    roadmap = roadmap_create(
        owner=tenant_a.organization, year=2026, data=get_template("gloria"), source="template"
    )
    client.force_login(tenant_a.curator)
    url = reverse("roadmap:pdf", kwargs={"org_slug": tenant_a.organization.slug, "roadmap_id": roadmap.pk})
    with unreachable_broker():
        assert client.post(url).status_code == 302
    document = Document.objects.get(subject_id=roadmap.pk, kind="roadmap")
    assert document.state == "queued" and document.send_failed

    sweeper = settings.CELERY_BEAT_SCHEDULE["resend-stuck-documents"]["task"]
    assert sweeper == resend_stuck_documents.name
    celery_app.send_task(sweeper)
    document = _wait_for_state(document, {"ready", "failed"})
    assert document.state == "ready" and document.attempts == 1 and not document.send_failed, document.error
    assert Document.objects.filter(subject_id=roadmap.pk, kind="roadmap").count() == 1


def _big_order(tenant, rows):
    """An order whose PDF takes seconds to render: a table of `rows` lines."""
    from apps.orders import services

    order = services.order_draft(organization=tenant.organization, kind="other", actor=tenant.curator)
    table = "".join(
        f"<tr><td>{i}</td><td>Участник программы наставничества № {i}</td></tr>" for i in range(rows)
    )
    return services.order_update(
        order=order,
        actor=tenant.curator,
        title="О составе участников",
        body=f"<table class='grid'>{table}</table>",
    )


def _start_worker(queue, log, visibility_timeout, name="worker"):
    import os
    import subprocess
    import sys

    from django.conf import settings

    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
    }
    command = [sys.executable, "-m", "celery", "-A", "mentoring_portal", "worker", "-Q", queue, "-P", "solo"]
    command += ["-n", f"{name}@%h"]
    return subprocess.Popen(
        [*command, "-l", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _wait_for_text(path, text, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in path.read_text(errors="replace"):
            return True
        time.sleep(0.1)
    return False


def _wait_for_row_lock(document, seconds=60):
    """True once a worker holds the document's row: document_render locks it for the whole
    render, so the worker is inside the render (its transaction not committed)."""
    from django.db import OperationalError, transaction

    from apps.documents.models import Document

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with transaction.atomic():
                list(Document.objects.select_for_update(nowait=True).filter(pk=document.pk))
        except OperationalError as error:
            if getattr(error.__cause__, "pgcode", None) != "55P03":  # lock_not_available
                raise
            return True
        time.sleep(0.02)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_render_loses_no_job(tenant_a, tmp_path):
    """kill -9 during a render: the job was not acknowledged (acks_late), so it comes back
    after the visibility timeout and the next worker stores the document, once."""
    import signal

    from apps.documents.models import Document
    from apps.documents.services import document_request

    queue = f"test-{uuid.uuid4().hex}"
    overrides = {"task_always_eager": False, "task_default_queue": queue}
    saved = {key: celery_app.conf[key] for key in overrides}
    celery_app.conf.update(overrides)
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    second = f"second-{uuid.uuid4().hex}"
    workers = []
    try:
        # The next worker starts with the first (Django's start takes seconds), on a queue of
        # its own: it takes the job's queue only once the first is dead.
        with first_log.open("w") as log:
            workers.append(_start_worker(queue, log, visibility_timeout=1))
        with second_log.open("w") as log:
            workers.append(_start_worker(f"{queue}-idle", log, visibility_timeout=1, name=second))
        order = _big_order(tenant_a, rows=500)  # while the workers start
        assert _wait_for_text(first_log, "ready."), first_log.read_text()
        assert _wait_for_text(second_log, "ready."), second_log.read_text()
        document = document_request(subject=order, kind="order", actor=tenant_a.curator)
        assert _wait_for_row_lock(document), first_log.read_text()  # inside the render
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=10)
        assert "render_document[" in first_log.read_text()  # the job's line, not the task list
        document.refresh_from_db()
        assert document.state == "queued"  # the killed render left nothing behind
        assert "render_document[" not in second_log.read_text()

        # The message is delivered again once the visibility timeout has passed since the
        # first delivery (the worker's sweep runs every second in the test settings).
        replies = celery_app.control.add_consumer(
            queue, destination=[f"{second}@{_hostname()}"], reply=True, timeout=10
        )
        assert replies and "ok" in next(iter(replies[0].values())), replies
        document = _wait_for_state(document, {"ready", "failed"}, seconds=120)
        assert document.state == "ready", second_log.read_text()[-2000:]
        assert "render_document[" in second_log.read_text()
        assert document.attempts == 1  # the killed attempt rolled back with its transaction
        assert Document.objects.filter(subject_id=order.pk, kind="order").count() == 1
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=20)
        celery_app.conf.update(saved)


def _hostname():
    import socket

    return socket.gethostname()


def test_a_pool_process_has_a_memory_ceiling():
    """Run in a child process: the limit set when a pool process starts stays for its life."""
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import django, resource; django.setup();"
        "from mentoring_portal.celery import limit_memory; limit_memory();"
        "print(resource.getrlimit(resource.RLIMIT_AS)[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert int(result.stdout.strip().splitlines()[-1]) == settings.WORKER_MEMORY_LIMIT_MB * 1024 * 1024
    assert celery_app.conf.worker_max_memory_per_child == settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_hourly_reminders_of_the_beat_schedule(celery_worker, tenant_a):
    """The task named in CELERY_BEAT_SCHEDULE, sent by name as beat sends it: the worker stores
    the notifications and e-mails the digest (a second task on the same worker)."""
    from django.conf import settings
    from django.utils import timezone

    from apps.orders import services as order_services
    from apps.organizations.models import Organization
    from apps.reminders.models import DigestSent, Notification
    from apps.reminders.selectors import is_sending_hour, local_now, served_zones

    entry = settings.CELERY_BEAT_SCHEDULE["send-daily-reminders"]
    assert entry["task"] in celery_app.tasks
    # Whatever the hour of the test, some Russian zone is in its sending hours: put the school there.
    now = timezone.now()
    zone = min(
        (z for z in served_zones() if is_sending_hour(local_now(z, now))),
        key=lambda z: abs(local_now(z, now).hour - 14),
    )
    Organization.objects.filter(pk=tenant_a.organization.pk).update(time_zone=zone)
    order = order_services.order_draft(
        organization=tenant_a.organization, kind="regulation", actor=tenant_a.curator
    )
    order_services.order_submit(order=order, actor=tenant_a.curator)

    celery_app.send_task(entry["task"])

    outbox = _wait_for_outbox(1, seconds=60)
    assert [m.to for m in outbox] == [[tenant_a.director.email]]
    assert outbox[0].attachments[0][2] == "application/pdf"
    notification = Notification.objects.get(kind="order_awaiting")
    assert notification.user == tenant_a.director and notification.day == local_now(zone, now).date()
    # The worker marks the digest sent just after the e-mail leaves (it commits after sending).
    digest = DigestSent.objects.get()
    deadline = time.monotonic() + 20
    while digest.sent_at is None and time.monotonic() < deadline:
        time.sleep(0.05)
        digest.refresh_from_db()
    assert digest.sent_at is not None
