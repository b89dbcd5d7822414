from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.scoping import owner_scope
from apps.documents.rendering import render_subject
from apps.monitoring.documents import KIND
from apps.monitoring.models import MonitoringReport
from apps.monitoring.periods import parse_period
from apps.organizations.models import Organization
from apps.organizations.scoping import owner_by_slug


class Command(BaseCommand):
    help = (
        "Write the monitoring report of an organisation for a period (YYYY-Qn, YYYY, or an academic "
        "year YYYY/YY or YYYY-YYYY) as PDF; "
        "a municipality's slug gives the committee's summary of its organisations."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the organisation's slug, or a municipality's")
        parser.add_argument(
            "--period",
            required=True,
            help="a quarter, 2026-Q4, a year, 2026, or an academic year, 2026/27 or 2026-2027",
        )
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")

    def handle(self, *args, org, period, output, **options):
        owner = owner_by_slug(org)
        if owner is None:
            raise CommandError(f"No organisation or municipality with the slug {org!r}.")
        try:
            period = parse_period(period).label
        except ValueError as error:
            raise CommandError(str(error)) from None
        if isinstance(owner, Organization):
            report = MonitoringReport(organization=owner, municipality=owner.municipality, period=period)
        else:
            report = MonitoringReport(organization=None, municipality=owner, period=period)
        # A committee's summary reads every organisation of the municipality, aggregated.
        with owner_scope(owner):
            pdf, _filename = render_subject(report, KIND)
        Path(output).write_bytes(pdf)
        self.stdout.write(f"{output}: {len(pdf)} bytes, {report.period}")
