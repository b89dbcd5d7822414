"""The lines of the attendance checklist, written in Python: 500 lines through the template
engine cost more than the rest of the page (bench/bench_events.py). One function for the page
and for the line htmx swaps in after a tick.

Each box is `present=<invitation id>` inside the page's form: htmx posts a tick at once with
the form's values (the line's view reads whether its own id is among them), and without
JavaScript the form's button saves every tick in one post."""

from django.utils.html import format_html, format_html_join

LINE = (
    '<li class="list-group-item py-0" id="invitation-{}" data-testid="attendance-row">'
    '<label class="d-flex align-items-center gap-3 py-3 m-0 w-100">'
    '<input class="form-check-input attendance-check m-0" type="checkbox" name="present" value="{}"{} '
    'hx-post="{}{}/" hx-trigger="change" hx-target="#invitation-{}" hx-swap="outerHTML" '
    'data-testid="attended-{}"><span class="flex-grow-1">{}</span>{}</label></li>'
)


def _fields(row, attendance_url: str, error: str = ""):
    checked = " checked" if row.attended else ""
    note = format_html('<span class="text-danger small">{}</span>', error) if error else ""
    return (row.pk, row.pk, checked, attendance_url, row.pk, row.pk, row.pk, row.name, note)


def checklist_line(row, attendance_url: str, error: str = "") -> str:
    return format_html(LINE, *_fields(row, attendance_url, error))


def checklist_lines(rows, attendance_url: str) -> str:
    return format_html_join("", LINE, (_fields(row, attendance_url) for row in rows))
