"""Import of questionnaires in the browser: upload, preview, map columns, confirm, result."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import HttpResponseClientRefresh

from apps.core.idempotency import idempotent
from apps.organizations.views_base import tenant_view

from .importing.pipeline import missing_required, target_labels
from .importing.reader import MAX_FILE_BYTES, ImportFileError, read_sheet
from .importing.service import rejected_rows_workbook
from .importing.template import template_workbook
from .models import ImportRun
from .tasks import check_import_run, confirm_import_run

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 200


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Filled template (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)d MB. Split it into several files.")
                % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@tenant_view(permission="participants.change")
@idempotent
def import_start(request, org_slug):
    """Upload a file; its check runs at once, in a worker when a broker is configured."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = ImportRun.objects.create(
            organization=request.organization,
            created_by=request.user,
            original_name=upload.name[:255],
            file=upload,
        )
        check_import_run.delay(run.pk, owner=request.organization)
        return redirect("participants:import_run", org_slug=org_slug, run_id=run.pk)
    runs = ImportRun.objects.filter(organization=request.organization).select_related("created_by")[:20]
    return render(request, "participants/import_start.html", {"form": form, "runs": runs})


@tenant_view(permission="participants.change")
def import_template(request, org_slug):
    return _xlsx_response(template_workbook(request.organization), f"template-{org_slug}.xlsx")


def _run(run_id):
    return get_object_or_404(ImportRun.objects.select_related("created_by"), pk=run_id)


@tenant_view(permission="participants.change")
def import_run(request, org_slug, run_id):
    """The state of an import: progress, the preview to confirm, the errors, or the result."""
    run = _run(run_id)
    running = run.state in (ImportRun.State.CHECKING, ImportRun.State.IMPORTING)
    if request.htmx:
        # The progress bar polls; once the work is done the whole page shows the outcome.
        if running:
            return render(request, "participants/_import_progress.html", {"run": run})
        return HttpResponseClientRefresh()
    actions = sorted(((int(row), action) for row, action in run.row_actions.items()))
    errors_page = Paginator(run.errors, PREVIEW_ROWS).get_page(request.GET.get("page"))
    return render(
        request,
        "participants/import_run.html",
        {
            "run": run,
            "running": running,
            "actions": actions[:PREVIEW_ROWS],
            "errors_page": errors_page,
        },
    )


@tenant_view(permission="participants.change")
def import_confirm(request, org_slug, run_id):
    """The run is importing from the click on: a second click sends nothing more, and the
    sweeper sends the job again if the broker refused it."""
    run = _run(run_id)
    if request.method == "POST":
        run = get_object_or_404(ImportRun.objects.select_for_update(), pk=run.pk)
        if run.state == ImportRun.State.CHECKED:
            run.state, run.progress, run.confirmed_by = ImportRun.State.IMPORTING, 0, request.user
            run.queued_at, run.send_failed = timezone.now(), False
            run.save(update_fields=["state", "progress", "confirmed_by", "queued_at", "send_failed"])
            confirm_import_run.delay(run.pk, request.user.pk, owner=request.organization)
            messages.info(request, _("The import has started."))
    return redirect("participants:import_run", org_slug=org_slug, run_id=run.pk)


@tenant_view(permission="participants.change")
def import_rejected_rows(request, org_slug, run_id):
    """The rows that have errors, as an xlsx with a column saying what to fix."""
    run = _run(run_id)
    if not run.errors:
        return redirect("participants:import_run", org_slug=org_slug, run_id=run.pk)
    content = rejected_rows_workbook(run)
    # The rows are people's data: who took them away is on the record.
    run.log("import.rejected_rows_downloaded", actor=request.user, data={"rows": _rows_with_errors(run)})
    return _xlsx_response(content, f"errors-{run.pk}.xlsx")


def _rows_with_errors(run) -> int:
    return len({error["row"] for error in run.errors})


class MappingForm(forms.Form):
    def __init__(self, *args, header, choices, initial_map, **kwargs):
        super().__init__(*args, **kwargs)
        self.header = header
        for index, name in enumerate(header):
            self.fields[f"c{index}"] = forms.ChoiceField(
                label=name or f"#{index + 1}",
                choices=choices,
                required=False,
                initial=initial_map.get(index, ""),
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def clean(self):
        cleaned = super().clean()
        targets = [v for v in cleaned.values() if v]
        if len(targets) != len(set(targets)):
            raise forms.ValidationError(_("Each field of the template can take one column only."))
        missing = missing_required(self.column_map())
        if missing:
            raise forms.ValidationError(
                _("Choose the columns for: %(fields)s.") % {"fields": ", ".join(missing)}
            )
        return cleaned

    def column_map(self) -> dict[int, str]:
        return {int(k[1:]): v for k, v in self.cleaned_data.items() if v}


@tenant_view(permission="participants.change")
def import_mapping(request, org_slug, run_id):
    """Map the columns of a file of another shape (an online form's export) to the template;
    the mapping is remembered for the next file of the same shape. Only before the import:
    a run being checked, imported or done is not checked again."""
    run = _run(run_id)
    if run.state not in (ImportRun.State.CHECKED, ImportRun.State.INVALID):
        return redirect("participants:import_run", org_slug=org_slug, run_id=run.pk)
    try:
        with run.file.open("rb") as fileobj:
            header = read_sheet(fileobj, size=run.file.size).header
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("participants:import_run", org_slug=org_slug, run_id=run.pk)
    choices = list(target_labels(request.organization).items())
    initial_map = {int(k): v for k, v in run.column_map.items()}
    form = MappingForm(request.POST or None, header=header, choices=choices, initial_map=initial_map)
    if request.method == "POST" and form.is_valid():
        run.column_map = {str(k): v for k, v in form.column_map().items()}
        run.state, run.progress, run.errors, run.file_error, run.missing_columns = "checking", 0, [], "", []
        run.queued_at, run.send_failed = timezone.now(), False
        run.save()
        check_import_run.delay(run.pk, owner=request.organization)
        return redirect("participants:import_run", org_slug=org_slug, run_id=run.pk)
    return render(request, "participants/import_mapping.html", {"run": run, "form": form})
