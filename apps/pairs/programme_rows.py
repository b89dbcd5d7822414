"""The rows of a programme's page, written in Python as the board's cards are (cards.py): a
grown school's programme has 160 enrolments, each a select of choices, three inputs, a form and
five translations through the template engine, plus 100 candidates to enrol, and that was most
of the page's time under load (docs/PERFORMANCE.md). Enrolments come prepared by
views.programme_detail (consent_ok, survey_url, edit_url)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

MENTOR_EDITABLE = (
    '<tr data-testid="mentor-row"><td>{name}{survey}</td><td>{consent}</td>'
    '<td><select name="selection" form="enrollment-{pk}" class="form-select form-select-sm min-w-rem-12"'
    ' aria-label="{selection_label}">{options}</select></td>'
    '<td><input type="date" name="trained_on" form="enrollment-{pk}" aria-label="{trained_label}"'
    ' value="{trained_on}" class="form-control form-control-sm"></td>'
    '<td class="w-rem-5"><input type="number" name="capacity" form="enrollment-{pk}"'
    ' aria-label="{places_label}" min="1" max="10" value="{capacity}"'
    ' class="form-control form-control-sm"></td>'
    '<td><form method="post" id="enrollment-{pk}" action="{edit_url}">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf_token}">'
    '<button type="submit" class="btn btn-sm btn-outline-primary">{save}</button></form></td></tr>'
)
MENTOR_READ_ONLY = (
    '<tr data-testid="mentor-row"><td>{name}</td><td>{consent}</td>'
    "<td>{selection}</td><td>{trained_on}</td><td>{capacity}</td><td></td></tr>"
)
MENTEE = (
    '<tr data-testid="mentee-row"><td>{name}{survey}</td><td>{group}</td>'
    "<td>{consent}</td><td>{support}</td></tr>"
)
CANDIDATE = (
    '<div class="form-check" data-filter-text="{filter_text}" data-sides="{sides}">'
    '<input class="form-check-input" type="checkbox" name="participants" value="{pk}" id="enrol-{pk}">'
    '<label class="form-check-label" for="enrol-{pk}">{name}{group}</label></div>'
)


def _words():
    """Every word of a row, translated once per page."""
    on_file = format_html('<span class="badge text-bg-success">{}</span>', _("on file"))
    missing = format_html('<span class="badge text-bg-danger">{}</span>', _("missing"))
    return {
        "consent": {True: on_file, False: missing},
        "survey": _("survey"),
        "selection_label": _("Selection"),
        "trained_label": _("Trained on"),
        "places_label": _("Places"),
        "save": _("Save"),
        "support": format_html('<span class="badge text-bg-warning">{}</span>', _("without a pair: support")),
    }


def _survey_link(enrollment, words, editable):
    if not editable:
        return ""
    return format_html(' · <a class="small" href="{}">{}</a>', enrollment.survey_url, words["survey"])


def mentor_rows(enrollments, *, editable: bool, selection_choices, csrf_token: str = ""):
    words = _words()
    rows = []
    for enrollment in enrollments:
        common = {
            "name": enrollment.participant.full_name,
            "consent": words["consent"][bool(enrollment.consent_ok)],
            "capacity": enrollment.capacity,
        }
        if not editable:
            trained = enrollment.trained_on.strftime("%d.%m.%Y") if enrollment.trained_on else "—"
            rows.append(
                format_html(
                    MENTOR_READ_ONLY,
                    selection=enrollment.get_selection_display(),
                    trained_on=trained,
                    **common,
                )
            )
            continue
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected" if value == enrollment.selection else ""), label)
                for value, label in selection_choices
            ),
        )
        rows.append(
            format_html(
                MENTOR_EDITABLE,
                pk=enrollment.pk,
                survey=_survey_link(enrollment, words, editable),
                options=options,
                trained_on=enrollment.trained_on.isoformat() if enrollment.trained_on else "",
                edit_url=enrollment.edit_url,
                csrf_token=csrf_token,
                selection_label=words["selection_label"],
                trained_label=words["trained_label"],
                places_label=words["places_label"],
                save=words["save"],
                **common,
            )
        )
    return mark_safe("".join(rows))


def mentee_rows(enrollments, *, editable: bool):
    words = _words()
    return format_html_join(
        "",
        MENTEE,
        (
            {
                "name": e.participant.full_name,
                "survey": _survey_link(e, words, editable),
                "group": e.participant.group_name or "—",
                "consent": words["consent"][bool(e.consent_ok)],
                "support": words["support"] if e.needs_support else "",
            }
            for e in enrollments
        ),
    )


def candidate_rows(people):
    def group(person):
        if not person.group_name:
            return ""
        return format_html(' <span class="text-body-secondary small">{}</span>', person.group_name)

    def sides(person):
        return " ".join(
            side for side, open_ in (("mentor", person.mentor_open), ("mentee", person.mentee_open)) if open_
        )

    return format_html_join(
        "",
        CANDIDATE,
        (
            {
                "pk": person.pk,
                "name": person.full_name,
                "group": group(person),
                "sides": sides(person),
                "filter_text": f"{person.full_name} {person.group_name}".lower(),
            }
            for person in people
        ),
    )
