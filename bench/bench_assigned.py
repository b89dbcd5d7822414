"""The committee's assigned items (issue #19) as the municipality grows: 10, 100, then 1,000
organisations, each asked for the three items of seed 002 (1.2, 1.3, 3.1), a third of them
closed with evidence. The committee's page (the sums per item and the assign form with its
checkbox per organisation), one item's page (a row per organisation) and an organisation's
home page (its open items). Server time through Django's test client, and queries.

Run: .venv/bin/python bench/bench_assigned.py [--steps 10 100 1000] [--repeat 20]
Needs the PostgreSQL of the test suite (DATABASE_URL); creates and drops its own database.
"""

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from apps.assignments.models import AssignedItem  # noqa: E402
from apps.organizations.roles import Role  # noqa: E402
from apps.roadmap import services as roadmap_services  # noqa: E402
from apps.roadmap.selectors import current_academic_year  # noqa: E402
from apps.roadmap.template_library import get_template  # noqa: E402
from bench.bench_pages import measure  # noqa: E402
from bench.environment import setup_bench_environment  # noqa: E402
from tests.factories import (  # noqa: E402
    CommitteeMembershipFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganizationFactory,
)

ITEMS = ("1.2.", "1.3.", "3.1.")


def grow(municipality, activities, count: int) -> None:
    """`count` more organisations, each with the three items, every third item closed."""
    today = timezone.localdate()
    organizations = [OrganizationFactory(municipality=municipality) for _ in range(count)]
    rows = []
    for index, organization in enumerate(organizations):
        for number, activity in enumerate(activities):
            done = (index + number) % 3 == 0
            rows.append(
                AssignedItem(
                    organization=organization,
                    activity=activity,
                    due_on=today + timedelta(days=(index % 20) - 10),
                    done_on=today - timedelta(days=1) if done else None,
                    evidence_kind="order" if done else "",
                    evidence_title="О внедрении целевой модели наставничества" if done else "",
                    evidence_number=f"{index}/1-ОД" if done else "",
                    evidence_date=today - timedelta(days=2) if done else None,
                )
            )
    AssignedItem.objects.bulk_create(rows, batch_size=2000)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    setup_bench_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        client = Client()
        with scopes_disabled():
            municipality = MunicipalityFactory()
            roadmap = roadmap_services.roadmap_create(
                owner=municipality,
                year=current_academic_year(),
                data=get_template("kalachinsk"),
                source="template",
            )
            activities = [roadmap.activities.get(number=number) for number in ITEMS]
            committee_user = CommitteeMembershipFactory(municipality=municipality).user
        committee_url = reverse("committee_assigned:list", kwargs={"municipality_slug": municipality.slug})
        print(
            "| organisations | items | summary median ms | p95 ms | queries "
            "| one activity median ms | p95 ms | queries | home median ms | queries |"
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        grown = 0
        for step in sorted(args.steps):
            with scopes_disabled():
                grow(municipality, activities, step - grown)
                grown = step
                items = AssignedItem.objects.count()
                organization = municipality.organizations.order_by("pk").first()
                curator = MembershipFactory(organization=organization, role=Role.CURATOR).user
            client.force_login(committee_user)
            median, p95, queries = measure(client, committee_url, args.repeat)
            one_url = reverse(
                "committee_assigned:activity",
                kwargs={"municipality_slug": municipality.slug, "activity_id": activities[0].pk},
            )
            one_median, one_p95, one_queries = measure(client, one_url, args.repeat)
            client.force_login(curator)
            home = reverse("organizations:home", kwargs={"org_slug": organization.slug})
            home_median, _home_p95, home_queries = measure(client, home, args.repeat)
            print(
                f"| {step} | {items} | {median:.1f} | {p95:.1f} | {queries} "
                f"| {one_median:.1f} | {one_p95:.1f} | {one_queries} | {home_median:.1f} | {home_queries} |"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
