from django.core.management.base import BaseCommand
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.demo.assignments import load_demo_assigned
from apps.demo.events import load_demo_committee_events, load_demo_events
from apps.demo.library import load_demo_committee_library, load_demo_library
from apps.demo.monitoring import load_demo_headcounts, load_demo_history
from apps.demo.orders import load_demo_orders
from apps.demo.organizations import MUNICIPALITY, MUNICIPALITY_SEED, ORGANIZATIONS, load_demo
from apps.demo.pairs import load_demo_pairs
from apps.demo.participants import load_demo_participants
from apps.demo.partners import load_demo_partners
from apps.demo.public import load_demo_public
from apps.demo.regional import SMALL_SCHOOL_PEOPLE, load_demo_region
from apps.demo.reminders import load_demo_notifications
from apps.demo.roadmap import load_demo_roadmap
from apps.demo.surveys import load_demo_surveys
from apps.demo.teachers import load_demo_teachers
from apps.monitoring.services import snapshots_take
from apps.organizations.models import Municipality, Organization
from apps.participants.models import Participant


class Command(BaseCommand):
    help = (
        "Create or refresh the demo: the seed organisations, their committee, demo users "
        "and the participants, programmes, pairs, meetings, roadmaps, orders, survey answers "
        "and partners' agreements of every demo organisation, and today's notifications."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo12345", help="password of every demo user")

    def handle(self, *args, password, **options):
        logins = load_demo(password=password)
        self.stdout.write(self.style.SUCCESS(f"Demo loaded. Every demo user's password: {password}"))
        for login in logins:
            self.stdout.write(f"  {login.username:<32} {login.role:<10} {login.workplace}")
        self.stdout.write("Demo participants, programmes, pairs and meetings:")
        with scopes_disabled():
            for spec in ORGANIZATIONS:
                organization = Organization.objects.get(slug=spec.slug)
                count = load_demo_participants(organization=organization)
                pairs = load_demo_pairs(organization=organization)
                roadmap = load_demo_roadmap(owner=organization, seed=spec.seed)
                orders = load_demo_orders(organization=organization)
                # The teachers' programme before the surveys: its pairs answer them too.
                teachers = load_demo_teachers(organization=organization)
                surveys = load_demo_surveys(organization=organization)
                events = load_demo_events(organization=organization)
                library = load_demo_library(organization=organization)
                public = load_demo_public(organization=organization)
                # The bases as they are after every loader (the teachers' programme adds people).
                count = Participant.objects.filter(
                    organization=organization, anonymised_at__isnull=True
                ).count()
                self.stdout.write(
                    f"  {organization.slug}: {count} participants; {pairs}; {roadmap}; {orders}; {surveys}; "
                    f"{teachers}; {events}; {library}; {public}"
                )
            municipality = Municipality.objects.get(slug=MUNICIPALITY["slug"])
            roadmap = load_demo_roadmap(owner=municipality, seed=MUNICIPALITY_SEED)
            demo_organizations = list(Organization.objects.filter(slug__in=[s.slug for s in ORGANIZATIONS]))
            contest = load_demo_committee_events(municipality=municipality, organizations=demo_organizations)
            library = load_demo_committee_library(municipality=municipality, organizations=demo_organizations)
            assigned = load_demo_assigned(municipality=municipality, organizations=demo_organizations)
            self.stdout.write(
                f"  {municipality.slug} (committee): {roadmap}; {contest}; {library}; {assigned}"
            )
            # After the committee's roadmap: an agreement completes its 1.3 (seed 002).
            for organization in demo_organizations:
                self.stdout.write(f"  {organization.slug}: {load_demo_partners(organization=organization)}")
            # The committee's dashboard reads the quarter's figures, which beat recounts hourly.
            # Both years' headcounts (the denominators), the quarter's count, then last
            # academic year's snapshots from it: the trends and the year on year.
            ordered = sorted(demo_organizations, key=lambda o: [s.slug for s in ORGANIZATIONS].index(o.slug))
            load_demo_headcounts(organizations=ordered)
            # The regional level: Омская область, a second municipality and its small schools.
            region_logins, schools = load_demo_region(password=password)
            for school in schools:
                count = load_demo_participants(organization=school, size=SMALL_SCHOOL_PEOPLE)
                pairs = load_demo_pairs(organization=school)
                self.stdout.write(f"  {school.slug}: {count} participants; {pairs}")
            for login in region_logins:
                self.stdout.write(f"  {login.username:<32} {login.role:<10} {login.workplace}")
            organization_ids = [
                *municipality.organizations.values_list("pk", flat=True),
                *(school.pk for school in schools),
            ]
            snapshots_take(organization_ids=organization_ids, day=timezone.localdate())
            self.stdout.write(f"  {load_demo_history(organizations=ordered)}")
            self.stdout.write(f"  {load_demo_notifications(owners=[*demo_organizations, municipality])}")
