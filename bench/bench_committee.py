"""The committee's dashboard as the municipality grows: 10, 100, then 1,000 organisations
(500 participants each by default: 500,000 at 1,000); this academic year against the last,
and a past year (2025/26 against 2024/25, read from snapshots); one organisation's aggregate
page for the committee; then one organisation's own dashboard. Server time through Django's
test client, and queries: the same number at every size.

Run: .venv/bin/python bench/bench_committee.py [--steps 10 100 1000] [--participants-each 500] [--repeat 20]
Needs the PostgreSQL of the test suite (DATABASE_URL); creates and drops its own database.
"""

import argparse
import os
import sys
import time
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

from apps.monitoring.periods import academic_year_label, academic_year_of  # noqa: E402
from apps.monitoring.services import snapshots_take  # noqa: E402
from apps.organizations.roles import Role  # noqa: E402
from apps.participants.models import Participant  # noqa: E402
from bench.bench_pages import measure  # noqa: E402
from bench.environment import setup_bench_environment  # noqa: E402
from bench.generate_monitoring_data import generate  # noqa: E402
from tests.factories import CommitteeMembershipFactory, MembershipFactory  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--participants-each", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    setup_bench_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        grown = 0
        client = Client()
        year = academic_year_of(timezone.localdate())
        past = {"year": academic_year_label(year - 1), "against": academic_year_label(year - 2)}
        rows = []
        for step in sorted(args.steps):
            municipality = generate(
                organizations=step - grown, participants=(step - grown) * args.participants_each
            )
            grown = step
            with scopes_disabled():
                if not client.session.get("_auth_user_id"):
                    client.force_login(CommitteeMembershipFactory(municipality=municipality).user)
                people = Participant.objects.filter(organization__municipality=municipality).count()
                # What the hourly beat task does: count every organisation's targets afresh.
                ids = list(municipality.organizations.values_list("pk", flat=True))
                started = time.perf_counter()
                snapshots_take(organization_ids=ids, day=timezone.localdate())
                recount = (time.perf_counter() - started) * 1000
            slug = municipality.slug
            url = reverse("committee_monitoring:dashboard", kwargs={"municipality_slug": slug})
            with scopes_disabled():
                first = municipality.organizations.order_by("pk").first()
            aggregate = reverse(
                "committee_monitoring:organization",
                kwargs={"municipality_slug": slug, "organization_slug": first.slug},
            )
            for page, address in (
                ("dashboard, this year", url),
                ("dashboard, a past year", f"{url}?year={past['year']}&against={past['against']}"),
                ("an organisation's aggregate page", aggregate),
            ):
                median, p95, queries = measure(client, address, args.repeat)
                rows.append((step, people, page, median, p95, queries, recount))
        print("| organisations | participants | page | median ms | p95 ms | queries | hourly recount ms |")
        print("|---:|---:|---|---:|---:|---:|---:|")
        for step, people, page, median, p95, queries, recount in rows:
            print(f"| {step} | {people} | {page} | {median:.1f} | {p95:.1f} | {queries} | {recount:.0f} |")

        # One organisation's own dashboard, as its curator sees it: the same data, live counts.
        with scopes_disabled():
            organization = municipality.organizations.order_by("pk").first()
            curator = MembershipFactory(organization=organization, role=Role.CURATOR).user
            people = Participant.objects.filter(organization=organization).count()
        client.force_login(curator)
        url = reverse("monitoring:dashboard", kwargs={"org_slug": organization.slug})
        median, p95, queries = measure(client, url, args.repeat)
        print()
        print("| organisation's dashboard | participants | median ms | p95 ms | queries |")
        print("|---|---:|---:|---:|---:|")
        print(f"| {organization.slug} | {people} | {median:.1f} | {p95:.1f} | {queries} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
