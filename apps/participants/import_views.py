"""Import of questionnaires in the browser: upload, preview, map columns, confirm, result."""

import json
from collections import Counter

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
from apps.core.text import tidy
from apps.organizations.views_base import tenant_view

from .importing.mapping import Mapping, Template, distinct_answers, guess_choice, mapping_for
from .importing.reader import MAX_FILE_BYTES, ImportFileError, read_sheet
from .importing.service import import_run_remap, rejected_rows_workbook
from .importing.template import template_workbook
from .models import ImportRun
from .tasks import check_import_run, confirm_import_run

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_ROWS = 200


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled template or an online form's answers (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

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
    actions = sorted(
        (int(row), action, run.row_names.get(row, "")) for row, action in run.row_actions.items()
    )
    named_errors = [{**error, "name": run.row_names.get(str(error["row"]), "")} for error in run.errors]
    errors_page = Paginator(named_errors, PREVIEW_ROWS).get_page(request.GET.get("page"))
    errors_by_column = Counter(error["column"] for error in run.errors).most_common()
    return render(
        request,
        "participants/import_run.html",
        {
            "run": run,
            "running": running,
            "actions": actions[:PREVIEW_ROWS],
            "errors_page": errors_page,
            "errors_by_column": errors_by_column,
            "replaced": run.replaced_rows[:PREVIEW_ROWS],
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
    """The three parts of a mapping on one page: a select per column of the file; per choice
    column, each distinct answer with its count and a select pre-filled with the best guess;
    a default per template column."""

    def __init__(self, *args, template: Template, sheet, mapping: Mapping, **kwargs):
        super().__init__(*args, **kwargs)
        self.template, self.header = template, sheet.header
        targets = list(template.labels().items())
        for index, name in enumerate(self.header):
            self.fields[f"c{index}"] = forms.ChoiceField(
                label=name or f"#{index + 1}",
                choices=targets,
                required=False,
                initial=mapping.columns.get(index, ""),
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
        # The answers listed are those of the columns as chosen now (posted, or as saved).
        columns = self._posted_columns() if self.is_bound else mapping.columns
        self.value_groups, self._answers = [], {}
        for index, code in sorted(columns.items()):
            target = template.target(code)
            if target is None or not target.is_choice:
                continue
            known = mapping.values.get(code, {})
            counts = distinct_answers(target, (c[index] if index < len(c) else None for _n, c in sheet.rows))
            rows = []
            options = [("", _("— as written —"))] + [(label, label) for _code, label in target.choices]
            for position, (answer, count) in enumerate(sorted(counts.items(), key=lambda a: (-a[1], a[0]))):
                name = f"v{index}_{position}"
                self.fields[name] = forms.ChoiceField(
                    label=answer,
                    choices=options,
                    required=False,
                    initial=known.get(answer)
                    or target.choice_for(answer)
                    or guess_choice(target, answer)
                    or "",
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )
                self._answers[name] = (code, answer)
                rows.append((self[name], count))
            self.value_groups.append({"target": target, "column": self.header[index], "rows": rows})
        self.default_fields = []
        for code, target in template.targets.items():
            name = f"d_{code}"
            if target.is_choice and not target.is_multiple:
                self.fields[name] = forms.ChoiceField(
                    label=target.name,
                    choices=[("", "—")] + [(label, label) for _code, label in target.choices],
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )
            else:
                self.fields[name] = forms.CharField(
                    label=target.name,
                    required=False,
                    max_length=255,
                    widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
                )
            self.fields[name].initial = mapping.defaults.get(code, "")
            self.default_fields.append(self[name])

    def column_fields(self):
        return [self[f"c{index}"] for index in range(len(self.header))]

    def _posted_columns(self) -> dict[int, str]:
        valid = set(self.template.labels())
        return {
            index: self.data.get(f"c{index}")
            for index in range(len(self.header))
            if self.data.get(f"c{index}") and self.data.get(f"c{index}") in valid
        }

    def clean(self):
        cleaned = super().clean()
        targets = [v for k, v in cleaned.items() if k.startswith("c") and v]
        if len(targets) != len(set(targets)):
            raise forms.ValidationError(_("Each field of the template can take one column only."))
        missing = self.mapping().missing_required(self.template)
        if missing:
            raise forms.ValidationError(
                _("Choose the columns, or a value for every row, for: %(fields)s.")
                % {"fields": ", ".join(missing)}
            )
        return cleaned

    def mapping(self) -> Mapping:
        """The mapping as posted (valid choices only), also before the form is validated."""
        mapping = Mapping(columns=self._posted_columns())
        for name, (code, answer) in self._answers.items():
            # An answer listed only now (its column was just chosen) keeps its best guess.
            choice = self.data.get(name) if name in self.data else self.fields[name].initial
            allowed = {value for value, _label in self.fields[name].choices}
            if choice and choice in allowed and code in mapping.columns.values():
                mapping.values.setdefault(code, {})[answer] = choice
        for code, target in self.template.targets.items():
            value = tidy(self.data.get(f"d_{code}"))[:255]
            if value and (not target.is_choice or target.is_multiple or target.choice_for(value)):
                mapping.defaults[code] = value
        return mapping


def _sheet_and_mapping(request, run):
    """The run's file, the template, and the run's mapping (else the saved or recognised one)."""
    with run.file.open("rb") as fileobj:
        sheet = read_sheet(fileobj, size=run.file.size)
    template = Template(request.organization)
    mapping = Mapping.from_storage(run.column_map) or mapping_for(request.organization, sheet, template)
    return sheet, template, mapping


@tenant_view(permission="participants.change")
def import_mapping(request, org_slug, run_id):
    """Map the columns and answers of a file of another shape (an online form's export) to the
    template. The mapping is saved for the organisation as soon as it is confirmed (whatever
    the check then finds) and reused for the next file with the same headers. Only before the
    import: a run being checked, imported or done is not checked again."""
    run = _run(run_id)
    if run.state not in (ImportRun.State.CHECKED, ImportRun.State.INVALID):
        return redirect("participants:import_run", org_slug=org_slug, run_id=run.pk)
    try:
        sheet, template, mapping = _sheet_and_mapping(request, run)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("participants:import_run", org_slug=org_slug, run_id=run.pk)
    form = MappingForm(request.POST or None, template=template, sheet=sheet, mapping=mapping)
    if request.method == "POST" and request.POST.get("action") == "refresh":
        # The answers of the columns as now chosen are listed, nothing is saved yet.
        mapping = form.mapping()
        form = MappingForm(None, template=template, sheet=sheet, mapping=mapping)
    elif request.method == "POST" and form.is_valid():
        import_run_remap(run=run, header=sheet.header, mapping=form.mapping(), template=template)
        check_import_run.delay(run.pk, owner=request.organization)
        return redirect("participants:import_run", org_slug=org_slug, run_id=run.pk)
    return render(
        request,
        "participants/import_mapping.html",
        {"run": run, "form": form, "unmapped": mapping.unmapped(sheet.header)},
    )


@tenant_view(permission="participants.change")
def import_mapping_download(request, org_slug, run_id):
    """The run's mapping as the JSON the command line reads (--mapping)."""
    run = _run(run_id)
    try:
        sheet, template, mapping = _sheet_and_mapping(request, run)
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("participants:import_run", org_slug=org_slug, run_id=run.pk)
    content = json.dumps(mapping.to_json(sheet.header, template), ensure_ascii=False, indent=2)
    response = HttpResponse(content.encode(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mapping-{run.pk}.json"'
    return response
