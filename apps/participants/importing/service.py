"""Imports as the portal runs them: from a file, for the command line and the browser."""

import gc
import logging
import traceback
from contextlib import contextmanager
from datetime import timedelta
from io import BytesIO

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from apps.core.xlsx import workbook_bytes

from ..models import ImportRun
from .mapping import Mapping, Template
from .pipeline import ImportCounts, ImportPlan, apply_plan, plan_import, save_mapping
from .reader import ImportFileError, read_sheet

logger = logging.getLogger(__name__)

# Files with more rows than this are checked and imported by a Celery worker, with a
# progress bar; smaller ones within the request.
BACKGROUND_ROWS = 500
# A run still waiting for its check or import this long after the job was sent (or started)
# lost its job on the way (the broker was down or dropped it): the job is sent again. Longer
# than a check or an import may run (tasks.IMPORT_HARD_LIMIT).
STUCK_AFTER = timedelta(minutes=5)
SEND_AGAIN_AT_ONCE = 100  # per sweep; the next sweep takes the rest
WAITING = [ImportRun.State.CHECKING, ImportRun.State.IMPORTING]


@contextmanager
def _collector_paused():
    """An import makes tens of thousands of short-lived objects and almost no reference
    cycles; Python's cyclic collector would scan them over and over (a third of the time
    of a 10,000-row import). Pause it for the import; it runs again afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def participants_check(
    *, organization, fileobj, size, mapping: Mapping | None = None, mapping_json=None, progress=None
) -> ImportPlan:
    """Read and validate; raises ImportFileError for a file that cannot be read at all, and
    MappingError for a mapping (JSON, as people write it) that names what the template lacks.
    Without a mapping: the one saved for the file's headers, else the automatic recognition."""
    with _collector_paused():
        sheet = read_sheet(fileobj, size=size)
        if mapping_json is not None:
            mapping = Mapping.from_json(mapping_json, sheet.header, Template(organization))
        return plan_import(organization=organization, sheet=sheet, mapping=mapping, progress=progress)


def participants_import(
    *, organization, actor, fileobj, size, mapping=None, mapping_json=None, dry_run=False
) -> tuple[ImportPlan, ImportCounts | None]:
    """Validate, then write everything or nothing. Returns the plan and, if written, the counts."""
    plan = participants_check(
        organization=organization, fileobj=fileobj, size=size, mapping=mapping, mapping_json=mapping_json
    )
    if not plan.is_valid or dry_run:
        return plan, None
    with _collector_paused():
        return plan, apply_plan(organization=organization, plan=plan, actor=actor)


# --- Import runs (the browser's upload, preview, confirm) -------------------------


def _progress_saver(run: ImportRun, start: int, span: int):
    def save(done, total):
        ImportRun.objects.filter(pk=run.pk).update(progress=start + span * done // max(total, 1))

    return save


def import_run_check(run: ImportRun) -> ImportRun:
    """Check the uploaded file of a run and keep the preview (actions, errors) on it. Every
    failure ends the run with a message. A check delivered twice, or re-sent, stores nothing
    once the run is no longer being checked with the same column mapping."""
    # Claimed: the sweeper leaves a started check alone for STUCK_AFTER, longer than it may run.
    claimed = ImportRun.objects.filter(pk=run.pk, state=ImportRun.State.CHECKING).update(
        queued_at=timezone.now(), send_failed=False
    )
    run.refresh_from_db()
    if not claimed:
        return run
    column_map = run.column_map
    plan, failure = None, None
    try:
        with run.file.open("rb") as fileobj:
            plan = participants_check(
                organization=run.organization,
                fileobj=fileobj,
                size=run.file.size,
                mapping=Mapping.from_storage(column_map),
                progress=_progress_saver(run, 0, 100),
            )
    except ImportFileError as error:
        failure = (ImportRun.State.INVALID, str(error))
    except Exception as error:  # noqa: BLE001  (whatever it was, the run ends and says so)
        _log_failure(run, "check", error)
        failure = (ImportRun.State.FAILED, _check_failed_message(run))
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.state != ImportRun.State.CHECKING or run.column_map != column_map:
            return run  # another delivery of the job, or a newer check, got there first
        if failure:
            run.state, run.file_error = failure
        else:
            _store_plan(run, plan)
            run.state = ImportRun.State.CHECKED if plan.is_valid else ImportRun.State.INVALID
        if run.state != ImportRun.State.CHECKED:
            run.finished_at = timezone.now()
        run.progress = 100
        run.save()
    return run


def _check_failed_message(run) -> str:
    return _(
        "The file could not be checked because of an error on the portal's side. Nothing was "
        "imported. Upload it again later; if it happens again, tell the administrator: import "
        "no. %(run)s."
    ) % {"run": run.pk}


def _import_failed_message(run) -> str:
    return _(
        "The import failed because of an error on the portal's side. Nothing was imported. "
        "Upload the file again later; if it happens again, tell the administrator: import "
        "no. %(run)s."
    ) % {"run": run.pk}


def _log_failure(run, what: str, error: BaseException) -> None:
    """The run and where it failed, without the exception's message: it may quote a cell."""
    logger.error(
        "Import run %s: the %s failed with %s\n%s",
        run.pk,
        what,
        type(error).__name__,
        "".join(traceback.format_tb(error.__traceback__)),
    )


def _store_plan(run: ImportRun, plan: ImportPlan):
    run.column_map = plan.mapping.to_storage()
    run.total_rows = len(plan.rows)
    run.errors = [e.as_dict() for e in plan.errors]
    run.row_actions = {str(r.row): r.action for r in plan.rows}
    run.row_names = {str(r.row): r.name for r in plan.rows}
    run.replaced_rows = [{"row": row, "by": by} for row, by in plan.replaced]
    run.created_count, run.updated_count, run.skipped_count = (
        plan.count("new"),
        plan.count("update"),
        plan.count("skip"),
    )
    run.missing_columns = plan.missing_columns


def import_run_remap(*, run: ImportRun, header: list[str], mapping: Mapping, template=None) -> ImportRun:
    """A person confirmed a mapping for the run's file: it is saved for the organisation at
    once (the check may still find errors: the next file of this shape is mapped already),
    and the run waits for its check with it (the caller sends the job)."""
    with transaction.atomic():
        save_mapping(run.organization, header, mapping, template)
        run.column_map = mapping.to_storage()
        run.state, run.progress, run.errors, run.file_error, run.missing_columns = (
            ImportRun.State.CHECKING,
            0,
            [],
            "",
            [],
        )
        run.row_actions, run.row_names, run.replaced_rows = {}, {}, []
        run.queued_at, run.send_failed = timezone.now(), False
        run.save()
    # Not audited: a mapping holds headers and answer wordings, no person's data, and the
    # audit's action list belongs to apps/audit (not this branch's to extend).
    return run


def import_run_confirm(run: ImportRun, *, actor) -> ImportRun:
    """Write a confirmed run (the confirmation page sets it IMPORTING; a CHECKED run is
    confirmed here). The run stays locked while importing, and its outcome is stored in the
    same transaction as the rows: a second delivery of the job waits, then finds the run done
    and does nothing; a worker killed mid-import leaves the run importing with nothing written,
    for the job's next delivery. Every failure ends the run with a message."""
    try:
        with transaction.atomic():
            run = ImportRun.objects.select_for_update().get(pk=run.pk)
            if run.state == ImportRun.State.CHECKED:
                run.state = ImportRun.State.IMPORTING
            if run.state != ImportRun.State.IMPORTING:
                return run
            _import(run, actor=actor or run.confirmed_by)
            return run
    except Exception as error:  # noqa: BLE001  (whatever it was, the run ends and says so)
        _log_failure(run, "import", error)
        ImportRun.objects.filter(pk=run.pk, state__in=[ImportRun.State.CHECKED, *WAITING]).update(
            state=ImportRun.State.FAILED,
            file_error=_import_failed_message(run),
            progress=100,
            send_failed=False,
            finished_at=timezone.now(),
        )
        run.refresh_from_db()
        return run


def _import(run: ImportRun, *, actor) -> None:
    try:
        with run.file.open("rb") as fileobj:
            # Checked again: the base may have changed since the preview.
            plan, counts = participants_import(
                organization=run.organization,
                actor=actor,
                fileobj=fileobj,
                size=run.file.size,
                mapping=Mapping.from_storage(run.column_map),
            )
    except ImportFileError as error:
        run.state, run.file_error = ImportRun.State.INVALID, str(error)
    else:
        _store_plan(run, plan)
        if counts is None:
            run.state = ImportRun.State.INVALID
        else:
            run.state = ImportRun.State.DONE
            run.created_count, run.updated_count, run.skipped_count = (
                counts.created,
                counts.updated,
                counts.skipped,
            )
            save_mapping(run.organization, plan.header, plan.mapping)
    run.progress = 100
    run.send_failed = False
    run.finished_at = timezone.now()
    run.save()


def import_runs_to_send_again() -> list[ImportRun]:
    """Runs waiting for a check or an import whose job the broker refused or that have waited
    STUCK_AFTER, marked as sent now. An import in progress holds its row: it is skipped, not
    waited for. Call inside a transaction, then send each run's job (after the commit)."""
    with scopes_disabled():
        due = list(
            ImportRun.objects.select_for_update(skip_locked=True)
            .filter(state__in=WAITING)
            .filter(Q(send_failed=True) | Q(queued_at__lt=timezone.now() - STUCK_AFTER))
            .order_by("queued_at")[:SEND_AGAIN_AT_ONCE]
        )
        ImportRun.objects.filter(pk__in=[run.pk for run in due]).update(
            queued_at=timezone.now(), send_failed=False
        )
    return due


def import_run_not_sent(run_id: int) -> None:
    """The broker refused the run's job (it is down): the page says so, the sweeper sends it again."""
    with scopes_disabled():
        ImportRun.objects.filter(pk=run_id, state__in=WAITING).update(send_failed=True)


def rejected_rows_workbook(run: ImportRun) -> bytes:
    """The rows of the file that have errors, with a column that says what is wrong."""
    with run.file.open("rb") as fileobj:
        sheet = read_sheet(BytesIO(fileobj.read()), size=run.file.size)
    messages: dict[int, list[str]] = {}
    for error in run.errors:
        messages.setdefault(error["row"], []).append(f"{error['column']}: {error['message']}")
    rows = [[*cells, "; ".join(messages[number])] for number, cells in sheet.rows if number in messages]
    return workbook_bytes(title="Ошибки", header=[*sheet.header, "Что исправить"], rows=rows)
