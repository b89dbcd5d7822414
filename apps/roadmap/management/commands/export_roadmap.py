from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.core.scoping import owner_scope
from apps.documents.rendering import render_subject
from apps.organizations.scoping import owner_by_slug
from apps.roadmap.documents import KIND
from apps.roadmap.selectors import covering, owner_roadmaps


class Command(BaseCommand):
    help = "Write the official PDF of a roadmap (A4 landscape, with its approval block)."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the organisation's slug, or a municipality's")
        parser.add_argument("--year", required=True, type=int, help="an academic year the roadmap covers")
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")

    def handle(self, *args, org, year, output, **options):
        owner = owner_by_slug(org)
        if owner is None:
            raise CommandError(f"No organisation or municipality with the slug {org!r}.")
        with owner_scope(owner):
            roadmaps = covering(owner_roadmaps(owner), year)
            roadmap = (
                roadmaps.filter(academic_year=year).first() or roadmaps.order_by("-academic_year").first()
            )
            if roadmap is None:
                raise CommandError(f"{org} has no roadmap for {year}–{year + 1}.")
            pdf, _filename = render_subject(roadmap, KIND)
            activities = roadmap.activities.count()
        Path(output).write_bytes(pdf)
        self.stdout.write(f"{output}: {len(pdf)} bytes, {activities} activities")
