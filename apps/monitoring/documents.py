"""The monitoring report as PDF: an organisation's quarter or year, or the committee's summary."""

from django.utils import timezone

from apps.documents.renderers import Rendered, register

from . import charts, selectors, targets
from .models import MonitoringReport
from .periods import parse_period, report_as_of

KIND = "monitoring_report"


@register(KIND, permission="monitoring.reports")
def render_report(report: MonitoringReport) -> Rendered:
    period = parse_period(report.period)
    as_of = report_as_of(period, timezone.localdate())
    if report.organization_id:
        organization = report.organization
        data = selectors.organization_dashboard(organization, as_of, since=period.start)
        context = {
            "organization": organization,
            "letterhead": organization.full_name,
            "data": data,
            "chart": charts.target_bars(data["targets"]),
            "meetings_in_period": sum(row["meetings"] for row in data["meetings"]),
        }
        template, name = "monitoring/report_pdf.html", organization.slug
    else:
        municipality = report.municipality
        overview = selectors.committee_overview(municipality, as_of)
        context = {
            "municipality": municipality,
            "letterhead": municipality.committee_name,
            "overview": overview,
            "chart": charts.target_bars(overview["totals"]),
        }
        template, name = "monitoring/summary_pdf.html", municipality.slug
    context |= {"report": report, "period": period, "as_of": as_of, "targets": targets.TARGETS}
    return Rendered(template, context, f"monitoring-{name}-{report.period}.pdf", archival=True)
