from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from apps.organizations.models import Organization
from apps.participants.importing.template import template_workbook


class Command(BaseCommand):
    help = "Write the organisation's Excel template for importing participants and their questionnaires."

    def add_arguments(self, parser):
        parser.add_argument("out", help="the .xlsx file to write")
        parser.add_argument("--org", required=True, help="the organisation's slug")

    def handle(self, *args, out, org, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organisation with the slug {org!r}.")
        with scope(organization=organization):
            Path(out).write_bytes(template_workbook(organization))
        self.stdout.write(f"template written to {out}")
