"""Imports as the portal runs them: from a file, for the command line and the browser."""

import gc
from contextlib import contextmanager
from io import BytesIO

from django.db import transaction
from django.utils import timezone

from apps.core.xlsx import workbook_bytes

from ..models import ImportRun
from .pipeline import ImportCounts, ImportPlan, apply_plan, plan_import, save_mapping
from .reader import ImportFileError, read_sheet

# Files with more rows than this are checked and imported by a Celery worker, with a
# progress bar; smaller ones within the request.
BACKGROUND_ROWS = 500


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


def participants_check(*, organization, fileobj, size, column_map=None, progress=None) -> ImportPlan:
    """Read and validate; raises ImportFileError for a file that cannot be read at all."""
    with _collector_paused():
        sheet = read_sheet(fileobj, size=size)
        return plan_import(organization=organization, sheet=sheet, column_map=column_map, progress=progress)


def participants_import(
    *, organization, actor, fileobj, size, column_map=None, dry_run=False
) -> tuple[ImportPlan, ImportCounts | None]:
    """Validate, then write everything or nothing. Returns the plan and, if written, the counts."""
    plan = participants_check(organization=organization, fileobj=fileobj, size=size, column_map=column_map)
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
    """Check the uploaded file of a run and keep the preview (actions, errors) on it."""
    try:
        with run.file.open("rb") as fileobj:
            plan = participants_check(
                organization=run.organization,
                fileobj=fileobj,
                size=run.file.size,
                column_map={int(k): v for k, v in run.column_map.items()} or None,
                progress=_progress_saver(run, 0, 100),
            )
    except ImportFileError as error:
        run.state, run.file_error = ImportRun.State.INVALID, str(error)
        run.finished_at = timezone.now()
        run.save()
        return run
    _store_plan(run, plan)
    run.state = ImportRun.State.CHECKED if plan.is_valid else ImportRun.State.INVALID
    if not plan.is_valid:
        run.finished_at = timezone.now()
    run.progress = 100
    run.save()
    return run


def _store_plan(run: ImportRun, plan: ImportPlan):
    run.column_map = {str(k): v for k, v in plan.column_map.items()}
    run.total_rows = len(plan.rows)
    run.errors = [e.as_dict() for e in plan.errors]
    run.row_actions = {str(r.row): r.action for r in plan.rows}
    run.created_count, run.updated_count, run.skipped_count = (
        plan.count("new"),
        plan.count("update"),
        plan.count("skip"),
    )
    run.missing_columns = plan.missing_columns


def import_run_confirm(run: ImportRun, *, actor) -> ImportRun:
    """Write a checked run. Only one confirmation ever writes: a double click waits, then
    finds the run no longer CHECKED and does nothing."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.state != ImportRun.State.CHECKED:
            return run
        run.state = ImportRun.State.IMPORTING
        run.progress = 0
        run.save(update_fields=["state", "progress"])
    try:
        with run.file.open("rb") as fileobj:
            # Checked again: the base may have changed since the preview.
            plan, counts = participants_import(
                organization=run.organization,
                actor=actor,
                fileobj=fileobj,
                size=run.file.size,
                column_map={int(k): v for k, v in run.column_map.items()},
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
            save_mapping(run.organization, plan.header, plan.column_map)
    run.progress = 100
    run.finished_at = timezone.now()
    run.save()
    return run


def rejected_rows_workbook(run: ImportRun) -> bytes:
    """The rows of the file that have errors, with a column that says what is wrong."""
    with run.file.open("rb") as fileobj:
        sheet = read_sheet(BytesIO(fileobj.read()), size=run.file.size)
    messages: dict[int, list[str]] = {}
    for error in run.errors:
        messages.setdefault(error["row"], []).append(f"{error['column']}: {error['message']}")
    rows = [[*cells, "; ".join(messages[number])] for number, cells in sheet.rows if number in messages]
    return workbook_bytes(title="Ошибки", header=[*sheet.header, "Что исправить"], rows=rows)
