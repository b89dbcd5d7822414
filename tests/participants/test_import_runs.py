"""An import run always ends: a file openpyxl cannot parse, an error of the portal's own in
the check or in the import, and a broker that is down when the job is sent each end with a
message to the person, never with a run «being checked» forever. Re-sent jobs do the work
once; the rows with errors are personal data, and their download is audited."""

import io
import logging
import zipfile
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.participants.importing import service
from apps.participants.models import ImportRun, Participant
from apps.participants.tasks import check_import_run, confirm_import_run, resend_stuck_imports
from mentoring_portal.celery import app as celery_app

from ..broker import unreachable_broker
from .xlsx_files import person, xlsx

NOT_QUEUED = "не удалось поставить в очередь"
PERSONAL_DATA = "Иванова Мария Петровна: maria@example.org"  # what an exception might quote
ROWS = [
    person("Иванова", "Мария", "Петровна", date(2011, 5, 1), email="maria@example.org"),
    person("Петров", "Сергей", "", None, category="Педагог", role="Наставник"),
]


def _url(tenant, name, **kwargs):
    return reverse(f"participants:{name}", kwargs={"org_slug": tenant.organization.slug, **kwargs})


def _upload(client, tenant, content, capture):
    with capture(execute=True):
        response = client.post(_url(tenant, "import"), {"file": SimpleUploadedFile("anketa.xlsx", content)})
    assert response.status_code == 302
    return ImportRun.objects.filter(organization=tenant.organization).latest("pk")


def _with_broken_sheet_xml(content: bytes) -> bytes:
    """The same workbook with its sheet's XML cut short: no DTD, nothing the upload guard
    refuses, but openpyxl cannot parse the sheet."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b"</sheetDat>")
            target.writestr(item, data)
    return buffer.getvalue()


# --- Every failure ends the run with a message ------------------------------------


def test_a_sheet_openpyxl_cannot_parse_ends_the_check_with_a_message(
    client, tenant_a, django_capture_on_commit_callbacks
):
    client.force_login(tenant_a.staff)
    run = _upload(client, tenant_a, _with_broken_sheet_xml(xlsx(ROWS)), django_capture_on_commit_callbacks)
    assert run.state == ImportRun.State.INVALID
    assert "Excel" in run.file_error and run.finished_at is not None
    page = client.get(_url(tenant_a, "import_run", run_id=run.pk))
    assert 'data-testid="import-file-error"' in page.content.decode()


def test_an_error_inside_the_check_fails_the_run_with_a_message_and_a_log_without_personal_data(
    client, tenant_a, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def broken_plan(**kwargs):
        raise RuntimeError(PERSONAL_DATA)

    monkeypatch.setattr(service, "plan_import", broken_plan)
    client.force_login(tenant_a.staff)
    with caplog.at_level(logging.ERROR):
        run = _upload(client, tenant_a, xlsx(ROWS), django_capture_on_commit_callbacks)
    assert run.state == ImportRun.State.FAILED
    assert str(run.pk) in run.file_error and run.finished_at is not None
    logged = "\n".join(
        f"{record.getMessage()}\n{record.exc_text or ''}"
        for record in caplog.records
        if record.levelno >= logging.ERROR
    )
    assert f"Import run {run.pk}" in logged and "RuntimeError" in logged
    assert "Иванова" not in logged and "maria@example.org" not in logged
    page = client.get(_url(tenant_a, "import_run", run_id=run.pk)).content.decode()
    assert run.file_error in page
    assert Participant.objects.filter(last_name="Иванова").count() == 0


def test_an_error_inside_the_import_fails_the_run_and_writes_nothing(
    client, tenant_a, django_capture_on_commit_callbacks, monkeypatch
):
    client.force_login(tenant_a.staff)
    run = _upload(client, tenant_a, xlsx(ROWS), django_capture_on_commit_callbacks)
    assert run.state == ImportRun.State.CHECKED

    real_save_mapping = service.save_mapping

    def save_then_fail(*args, **kwargs):  # after the rows are written
        real_save_mapping(*args, **kwargs)
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(service, "save_mapping", save_then_fail)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(tenant_a, "import_confirm", run_id=run.pk))
    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED and str(run.pk) in run.file_error
    assert Participant.objects.filter(last_name="Иванова").count() == 0  # all or nothing


def test_a_run_another_job_finished_is_left_as_it_is(client, tenant_a, django_capture_on_commit_callbacks):
    """A check or an import delivered again (re-sent, or a dead worker's) changes nothing."""
    client.force_login(tenant_a.staff)
    run = _upload(client, tenant_a, xlsx(ROWS), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(tenant_a, "import_confirm", run_id=run.pk))
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE
    check_import_run.delay(run.pk, owner=tenant_a.organization)
    confirm_import_run.delay(run.pk, tenant_a.staff.pk, owner=tenant_a.organization)
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and run.created_count == 2
    assert Participant.objects.filter(last_name="Иванова").count() == 1


# --- A broker that is down ---------------------------------------------------------


def _age(run, minutes=10):
    ImportRun.objects.filter(pk=run.pk).update(queued_at=timezone.now() - timedelta(minutes=minutes))


def test_an_upload_while_the_broker_is_down_is_checked_once_it_is_back(
    client, tenant_a, django_capture_on_commit_callbacks
):
    client.force_login(tenant_a.staff)
    with unreachable_broker():
        run = _upload(client, tenant_a, xlsx(ROWS), django_capture_on_commit_callbacks)
    assert run.state == ImportRun.State.CHECKING and run.send_failed
    page = client.get(_url(tenant_a, "import_run", run_id=run.pk)).content.decode()
    assert NOT_QUEUED in page
    polled = client.get(_url(tenant_a, "import_run", run_id=run.pk), HTTP_HX_REQUEST="true").content.decode()
    assert NOT_QUEUED in polled

    # Another upload whose job is on its way, not refused: the sweep leaves it for minutes.
    with django_capture_on_commit_callbacks():
        client.post(_url(tenant_a, "import"), {"file": SimpleUploadedFile("other.xlsx", xlsx(ROWS))})
    waiting = ImportRun.objects.filter(organization=tenant_a.organization).latest("pk")

    # The broker is back: the next sweep sends the refused job at once.
    with django_capture_on_commit_callbacks(execute=True):
        resend_stuck_imports.delay()
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED and not run.send_failed
    assert (run.created_count, run.progress) == (2, 100)
    waiting.refresh_from_db()
    assert waiting.state == ImportRun.State.CHECKING

    _age(waiting)  # minutes later it is taken for lost
    with django_capture_on_commit_callbacks(execute=True):
        resend_stuck_imports.delay()
    waiting.refresh_from_db()
    assert waiting.state == ImportRun.State.CHECKED


def test_a_confirmation_while_the_broker_is_down_imports_once_it_is_back(
    client, tenant_a, django_capture_on_commit_callbacks
):
    client.force_login(tenant_a.staff)
    run = _upload(client, tenant_a, xlsx(ROWS), django_capture_on_commit_callbacks)
    with unreachable_broker(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(tenant_a, "import_confirm", run_id=run.pk))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.state == ImportRun.State.IMPORTING and run.send_failed
    assert NOT_QUEUED in client.get(_url(tenant_a, "import_run", run_id=run.pk)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # a second click sends nothing more
        client.post(_url(tenant_a, "import_confirm", run_id=run.pk))
    assert Participant.objects.filter(last_name="Иванова").count() == 0

    _age(run)
    for _sweep in range(2):  # a doubled sweep imports once
        with django_capture_on_commit_callbacks(execute=True):
            resend_stuck_imports.delay()
        _age(run)
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and not run.send_failed
    assert Participant.objects.filter(last_name="Иванова").count() == 1
    created = AuditEntry.objects.filter(organization=tenant_a.organization, action="participant.created")
    assert {entry.actor for entry in created} == {tenant_a.staff}  # who confirmed


def test_the_sweeper_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["resend-stuck-imports"]
    assert entry["task"] == resend_stuck_imports.name and entry["task"] in celery_app.tasks
    assert entry["schedule"] <= 5 * 60


# --- The rows with errors are personal data ----------------------------------------


def test_downloading_the_rows_with_errors_is_audited(client, tenant_a):
    run = ImportRun.objects.get(organization=tenant_a.organization, state=ImportRun.State.INVALID)
    client.force_login(tenant_a.curator)
    response = client.get(_url(tenant_a, "import_rejected", run_id=run.pk))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(
        organization=tenant_a.organization, action="import.rejected_rows_downloaded"
    )
    assert entry.actor == tenant_a.curator
    assert (entry.target_type, entry.target_id) == (ContentType.objects.get_for_model(ImportRun), run.pk)
    assert entry.data == {"rows": 1}
    assert "Скачаны строки импорта с ошибками" in entry.label
