import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django_scopes import scope

from apps.organizations.models import Organization
from apps.participants.importing.mapping import MappingError
from apps.participants.importing.pipeline import ImportCounts
from apps.participants.importing.reader import ImportFileError
from apps.participants.importing.service import participants_import


class Command(BaseCommand):
    help = (
        "Import participants and their questionnaire answers from a filled template or an online "
        "form's export (.xlsx or .csv). All or nothing: any invalid row, and nothing is written "
        "(exit code 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument("--org", required=True, help="the organisation's slug")
        parser.add_argument("--dry-run", action="store_true", help="check the file and write nothing")
        parser.add_argument(
            "--mapping",
            help=(
                'a UTF-8 JSON file {"columns": {header: template column or «ФИО»}, "values": '
                '{template column: {answer: choice}}, "defaults": {template column: value}}, as the '
                "browser downloads it; without it, the mapping saved for the file's headers, else "
                "the automatic recognition"
            ),
        )

    def handle(self, *args, file, org, dry_run, mapping=None, **options):
        organization = Organization.objects.filter(slug=org).first()
        if organization is None:
            raise CommandError(f"No organisation with the slug {org!r}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        mapping_json = self._read_mapping(mapping) if mapping else None
        # The output is a contract read by scripts: English, whatever the portal's language.
        with translation.override("en"), scope(organization=organization), path.open("rb") as fileobj:
            try:
                plan, counts = participants_import(
                    organization=organization,
                    actor=None,
                    fileobj=fileobj,
                    size=path.stat().st_size,
                    mapping_json=mapping_json,
                    dry_run=dry_run,
                )
            except ImportFileError as error:
                self.stderr.write(f"{file}: {error}")
                sys.exit(1)
            except MappingError as error:
                for problem in error.problems:
                    self.stderr.write(f"{mapping}: {problem}")
                sys.exit(1)
            for header in plan.mapping.unmapped(plan.header):
                self.stderr.write(f'column "{header}" not imported')
            if plan.missing_columns:
                self.stderr.write(f"{file}: missing required columns: {', '.join(plan.missing_columns)}")
                sys.exit(1)
            if plan.errors:
                for error in plan.errors:
                    self.stdout.write(str(error))
                sys.exit(1)
            if counts is None:  # a dry run of a valid file: what it would do
                counts = ImportCounts(plan.count("new"), plan.count("update"), plan.count("skip"))
            for row, by in plan.replaced:
                self.stderr.write(f"row {row} skipped: replaced by the later submission in row {by}")
            self.stdout.write(str(counts))

    def _read_mapping(self, name):
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"No such file: {name}")
        try:
            return json.loads(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as error:
            self.stderr.write(f"{name}: not a UTF-8 JSON file ({error})")
            sys.exit(1)
