import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from apps.core.scoping import owner_scope
from apps.organizations.scoping import owner_by_slug
from apps.roadmap.importing import RoadmapFileError, read_roadmap
from apps.roadmap.models import Roadmap
from apps.roadmap.services import (
    RoadmapError,
    roadmap_create,
    roadmap_of_year,
    roadmap_replace,
    roadmap_replace_preview,
)


class DryRunDone(Exception):
    """Raised inside the transaction of a dry run so that it rolls back."""


class Command(BaseCommand):
    help = (
        "Import a roadmap from a Word (.docx) or Excel (.xlsx) table. Prints 'stages N, activities N' "
        "and exits 0, or prints the reasons, writes nothing and exits 1. A roadmap of that year is "
        "refused unless --replace; --dry-run always reads and checks, writing nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .docx or .xlsx roadmap")
        parser.add_argument("--org", required=True, help="the organisation's slug, or a municipality's")
        parser.add_argument("--year", required=True, type=int, help="the academic year (its September)")
        parser.add_argument("--dry-run", action="store_true", help="read and check the file, write nothing")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the roadmap of that year; activities whose titles match keep their progress",
        )

    def handle(self, *args, file, org, year, dry_run, replace, **options):
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
            if shift := data.get("year_shift"):
                self.stderr.write(
                    f"the file's dates are of {data['source_year']}–{data['source_year'] + 1}: "
                    f"moved by {shift:+d} years to {year}–{year + 1}"
                )
            for title in data.get("kept_columns", []):
                self.stderr.write(f'column "{title}" kept as a note')
            for warning in data.get("warnings", []):
                self.stderr.write(f'row {warning["row"]}, column "{warning["column"]}": {warning["message"]}')
            existing = roadmap_of_year(owner=owner, year=year)
            if existing is not None and not replace and not dry_run:
                self.stderr.write(
                    f"A roadmap for {year}–{year + 1} already exists: --replace replaces it "
                    "(activities whose titles match keep their progress)."
                )
                sys.exit(1)
            try:
                with transaction.atomic():
                    if existing is not None:
                        # a dry run without --replace shows what --replace would do
                        self._report(roadmap_replace_preview(roadmap=existing, data=data))
                        roadmap = roadmap_replace(roadmap=existing, data=data, source_detail=path.name)
                    else:
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

    def _report(self, changes: dict) -> None:
        self.stderr.write(
            f"replacing: {len(changes['kept'])} activities kept, {len(changes['added'])} added, "
            f"{len(changes['removed'])} removed"
        )
        for title in changes["progress_lost"]:
            self.stderr.write(f'removed with its progress: "{title[:120]}"')
