import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from apps.core.scoping import owner_scope
from apps.organizations.scoping import owner_by_slug
from apps.roadmap.importing import RoadmapFileError, read_roadmap
from apps.roadmap.models import Roadmap
from apps.roadmap.services import RoadmapError, roadmap_create


class DryRunDone(Exception):
    """Raised inside the transaction of a dry run so that it rolls back."""


class Command(BaseCommand):
    help = (
        "Import a roadmap from a Word (.docx) or Excel (.xlsx) table. Prints 'stages N, activities N' "
        "and exits 0, or prints the reasons, writes nothing and exits 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .docx or .xlsx roadmap")
        parser.add_argument("--org", required=True, help="the organisation's slug, or a municipality's")
        parser.add_argument("--year", required=True, type=int, help="the academic year (its September)")
        parser.add_argument("--dry-run", action="store_true", help="read and check the file, write nothing")

    def handle(self, *args, file, org, year, dry_run, **options):
        owner = owner_by_slug(org)
        if owner is None:
            raise CommandError(f"No organisation or municipality with the slug {org!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        # The output is a contract read by scripts: English, whatever the portal's language.
        with translation.override("en"), owner_scope(owner), path.open("rb") as fileobj:
            try:
                data = read_roadmap(fileobj, path.name, year=year)
            except RoadmapFileError as error:
                self.stderr.write(f"{file}: {error}")
                sys.exit(1)
            data["source_year"] = year
            for title in data.get("kept_columns", []):
                self.stderr.write(f'column "{title}" kept as a note')
            for warning in data.get("warnings", []):
                self.stderr.write(f'row {warning["row"]}, column "{warning["column"]}": {warning["message"]}')
            try:
                with transaction.atomic():
                    roadmap = roadmap_create(
                        owner=owner,
                        year=year,
                        data=data,
                        source=Roadmap.Source.IMPORT,
                        source_detail=path.name,
                    )
                    stages, activities = roadmap.stages.count(), roadmap.activities.count()
                    if dry_run:
                        raise DryRunDone
            except DryRunDone:
                pass
            except RoadmapError as error:
                self.stderr.write(str(error))
                sys.exit(1)
            if not stages:
                self.stderr.write(f"{file}: no stages were found in the table.")
                sys.exit(1)
        self.stdout.write(f"stages {stages}, activities {activities}")
