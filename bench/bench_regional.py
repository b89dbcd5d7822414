"""The regional centre's dashboard and the region's monitoring form as the region grows: 10,
100, then 1,000 organisations (in municipalities of up to 100), 500 participants each by
default. Server time through Django's test client, and queries; the form's xlsx timed whole
(its counts apart — the pupils in pairs, the young specialists — are counted live). With
`--api`, also the regional centre's API (a read token): the page of municipalities with their
targets and breakdowns (`/api/v1/r/<region>/municipalities/`) and the form as JSON.

Run: .venv/bin/python bench/bench_regional.py [--steps 10 100 1000] [--participants-each 500] [--repeat 20]
[--api]. Needs the PostgreSQL of the test suite (DATABASE_URL; with --api its Redis too, for
the token's rate count); creates and drops its own database.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from apps.api.services import api_token_create  # noqa: E402
from apps.monitoring.services import snapshots_take  # noqa: E402
from apps.organizations.models import Municipality, Organization  # noqa: E402
from apps.participants.models import Participant  # noqa: E402
from apps.regional.services import indicator_set_create_default  # noqa: E402
from bench.bench_pages import measure  # noqa: E402
from bench.environment import setup_bench_environment  # noqa: E402
from bench.generate_monitoring_data import generate  # noqa: E402
from tests.factories import RegionFactory, RegionMembershipFactory  # noqa: E402

PER_MUNICIPALITY = 100


def grow(region, organizations: int, participants_each: int) -> None:
    """Add organisations to the region, filling municipalities of PER_MUNICIPALITY each."""
    while organizations > 0:
        index = Municipality.objects.filter(parent_region=region).count()
        slug = f"bench-m{index}"
        last = Municipality.objects.filter(slug=f"bench-m{index - 1}").first()
        if last is not None and last.organizations.count() < PER_MUNICIPALITY:
            slug = last.slug
        room = PER_MUNICIPALITY - Organization.objects.filter(municipality__slug=slug).count()
        batch = min(room, organizations)
        municipality = generate(organizations=batch, participants=batch * participants_each, slug=slug)
        Municipality.objects.filter(pk=municipality.pk).update(parent_region=region, name=f"Район {slug}")
        organizations -= batch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--participants-each", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--api", action="store_true", help="also the regional centre's API")
    args = parser.parse_args()

    setup_bench_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        client = Client()
        with scopes_disabled():
            region = RegionFactory(slug="bench-region")
            indicator_set = indicator_set_create_default(region=region)
            centre = RegionMembershipFactory(region=region).user
            client.force_login(centre)
            _token, secret = api_token_create(
                user=centre, name="bench", scopes=["read"], days=1, region=region
            )
        settings.API_RATE_LIMIT = 10**9  # the bench's requests are not what the limit is for
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        grown = 0
        api_header = (
            " API municipalities median ms | p95 ms | queries | API form ms | queries |" if args.api else ""
        )
        print(
            "| organisations | participants | dashboard median ms | p95 ms | queries "
            "| form page median ms | queries | form xlsx ms |" + api_header
        )
        print("|---:|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" * 5 if args.api else ""))
        for step in sorted(args.steps):
            with scopes_disabled():
                grow(region, step - grown, args.participants_each)
                grown = step
                ids = list(
                    Organization.objects.filter(municipality__parent_region=region).values_list(
                        "pk", flat=True
                    )
                )
                people = Participant.objects.filter(organization_id__in=ids).count()
                # The hourly beat's recount: the dashboards read the running quarter's snapshots.
                snapshots_take(organization_ids=ids, day=timezone.localdate())
            dashboard = reverse("region:dashboard", kwargs={"region_slug": region.slug})
            median, p95, queries = measure(client, dashboard, args.repeat)
            form = reverse("region:form", kwargs={"region_slug": region.slug, "set_id": indicator_set.pk})
            form_median, _form_p95, form_queries = measure(
                client, form + "?period=2026", max(3, args.repeat // 4)
            )
            export = reverse(
                "region:form_export", kwargs={"region_slug": region.slug, "set_id": indicator_set.pk}
            )
            timings = []
            for _ in range(3):
                started = time.perf_counter()
                response = client.get(export + "?period=2026")
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            api_columns = ""
            if args.api:
                municipalities = reverse("api:region_municipalities", kwargs={"region_slug": region.slug})
                api_median, api_p95, api_queries = measure(api, municipalities + "?period=2026", args.repeat)
                api_form = reverse(
                    "api:region_form", kwargs={"region_slug": region.slug, "set_id": indicator_set.pk}
                )
                api_form_median, _p95, api_form_queries = measure(
                    api, api_form + "?period=2026", max(3, args.repeat // 4)
                )
                api_columns = (
                    f" {api_median:.1f} | {api_p95:.1f} | {api_queries} | {api_form_median:.0f} | "
                    f"{api_form_queries} |"
                )
            print(
                f"| {step} | {people} | {median:.1f} | {p95:.1f} | {queries} | {form_median:.0f} | "
                f"{form_queries} | {statistics.median(timings):.0f} |" + api_columns
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
