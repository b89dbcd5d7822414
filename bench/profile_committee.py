"""The committee's dashboard in a process of its own, on a database filled beforehand by
bench/generate_monitoring_data.py (its municipality «bench-municipality»): wall time, the
process's Python CPU time (`time.process_time`, which waiting for a core does not count) and
the queries' time, then a cProfile of one request. For a shared machine, where wall times
say little: the CPU time says what the page itself costs.

Run: DATABASE_URL=postgres://…/mp_x .venv/bin/python bench/profile_committee.py [--recount]
     [--repeat 20] [--top 35] [--sort cumulative] [--filter 'apps/']
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from apps.monitoring.services import snapshots_take  # noqa: E402
from apps.organizations.models import CommitteeMembership, Municipality  # noqa: E402
from bench.environment import setup_bench_environment  # noqa: E402
from tests.factories import CommitteeMembershipFactory  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--recount", action="store_true", help="run the hourly recount first, timed")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--filter", default="")
    args = parser.parse_args()

    setup_bench_environment()
    with scopes_disabled():
        municipality = Municipality.objects.get(slug="bench-municipality")
        ids = list(municipality.organizations.values_list("pk", flat=True))
        print("organisations", len(ids))
        if args.recount:
            started, cpu = time.perf_counter(), time.process_time()
            snapshots_take(organization_ids=ids, day=timezone.localdate())
            wall, python = time.perf_counter() - started, time.process_time() - cpu
            print(f"recount {1000 * wall:.0f} ms wall, {1000 * python:.0f} ms Python CPU")
        member = CommitteeMembership.objects.filter(municipality=municipality).first()
        user = member.user if member else CommitteeMembershipFactory(municipality=municipality).user
    client = Client()
    client.force_login(user)
    url = reverse("committee_monitoring:dashboard", kwargs={"municipality_slug": municipality.slug})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client.get(url)  # warm up
    walls, cpus = [], []
    for _ in range(args.repeat):
        started, cpu = time.perf_counter(), time.process_time()
        assert client.get(url).status_code == 200
        walls.append(1000 * (time.perf_counter() - started))
        cpus.append(1000 * (time.process_time() - cpu))
    walls.sort()
    p95 = walls[int(len(walls) * 0.95) - 1]
    print(
        f"wall median {statistics.median(walls):.1f} p95 {p95:.1f}; "
        f"Python CPU median {statistics.median(cpus):.1f}"
    )
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    spent = 1000 * sum(float(q["time"]) for q in queries.captured_queries)
    print(f"queries {len(queries)}, their wall time {spent:.0f} ms")
    if args.top:
        profile = cProfile.Profile()
        profile.enable()
        client.get(url)
        profile.disable()
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.filter, args.top)


if __name__ == "__main__":
    main()
