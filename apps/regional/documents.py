"""The committee's monitoring form for the region as PDF: the numbers of its municipality, its
analytical note and the chair's signature block."""

from django.utils import timezone

from apps.documents.renderers import Rendered, register
from apps.monitoring.periods import parse_period, report_as_of

from . import selectors
from .models import FormNote

KIND = "regional_form"


@register(KIND, permission="monitoring.reports")
def render_form(note: FormNote) -> Rendered:
    period = parse_period(note.period)
    as_of = report_as_of(period, timezone.localdate())
    municipality = note.municipality
    data = selectors.form_values(note.indicator_set, [municipality], period, as_of)
    context = {
        "letterhead": municipality.committee_name,
        "municipality": municipality,
        "note": note,
        "data": data,
    }
    return Rendered(
        "regional/form_pdf.html",
        context,
        f"regional-form-{municipality.slug}-{note.period}.pdf",
        archival=True,
    )
