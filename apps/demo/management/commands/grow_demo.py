import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.demo.growth import grow_committee, grow_demo_organization, grown_organizations
from apps.demo.organizations import MUNICIPALITY
from apps.monitoring.services import snapshots_take
from apps.organizations.models import Municipality


class Command(BaseCommand):
    help = (
        "Grow the demo to a municipality's size for the load test: ORGANIZATIONS more "
        "organisations of the demo's committee with PEOPLE participants each (their programmes, "
        "pairs, meetings, roadmap, orders and survey answers drawn by the demo's loaders) and "
        "more committee members. Run load_demo first; deterministic and idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=40)
        parser.add_argument(
            "--from", dest="first", type=int, default=1, help="start at this organisation (to grow in parts)"
        )
        parser.add_argument("--people", type=int, default=300, help="participants of each organisation")
        parser.add_argument("--committee-members", type=int, default=5)
        parser.add_argument("--password", default="demo12345", help="password of every user it creates")

    def handle(self, *args, organizations, first, people, committee_members, password, **options):
        with scopes_disabled():
            municipality = Municipality.objects.filter(slug=MUNICIPALITY["slug"]).first()
            if municipality is None:
                raise CommandError("Run `manage.py load_demo` first: the demo's committee is missing.")
            logins = grow_committee(municipality, members=committee_members, password=password)
            self.stdout.write(f"Committee members: committee-{municipality.slug} {' '.join(logins)}")
            for grown in grown_organizations(organizations)[first - 1 :]:
                started = time.monotonic()
                summary = grow_demo_organization(municipality, grown, people=people, password=password)
                self.stdout.write(f"  {summary} ({time.monotonic() - started:.1f} s)")
            # The committee's dashboard reads the quarter's figures, which beat recounts hourly.
            organization_ids = list(municipality.organizations.values_list("pk", flat=True))
            snapshots_take(organization_ids=organization_ids, day=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(organization_ids)} organisations in {municipality.slug}; logins "
                f"curator-/mentor-/director-/staff-<slug>, password {password}"
            )
        )
