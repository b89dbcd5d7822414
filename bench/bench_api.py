"""The API's page of participants: server time of GET /api/v1/o/<org>/participants/ with 100
a page (the default), token authentication, tenant check, rate count (Redis), audit entry and
ETag included, through Django's test client (no network). The goal: ≤ 50 ms a page.

Run: .venv/bin/python bench/bench_api.py [--participants 100 10000] [--repeat 50]
Needs the PostgreSQL and Redis of the test suite (DATABASE_URL, REDIS_URL); creates and drops
its own database.
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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from apps.api.services import api_token_create  # noqa: E402
from apps.participants.models import Consent, Participant  # noqa: E402
from tests.conftest import make_tenant  # noqa: E402


def grow(organization, count: int) -> None:
    have = Participant.objects.filter(organization=organization).count()
    people = Participant.objects.bulk_create(
        Participant(
            organization=organization,
            last_name=f"Фамилия{n:05d}",
            first_name="Имя",
            category="student" if n % 3 else "teacher",
            programme_role="mentee" if n % 3 else "mentor",
            group_name=f"{n % 11 + 1}А",
        )
        for n in range(have, count)
    )
    Consent.objects.bulk_create(
        Consent(organization=organization, participant=p, given_by="subject", signed_on="2026-09-01")
        for p in people[::2]
    )


def measure(client, url, repeat, **headers):
    client.get(url, **headers)  # warm up
    timings, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, **headers)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code in (200, 304), response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **headers)
    timings.sort()
    return (
        statistics.median(timings),
        timings[int(len(timings) * 0.95) - 1],
        statistics.median(cpu),
        len(queries),
        response,
    )


def profile(client, url, connection):
    import cProfile
    import pstats

    with connection.cursor() as cursor:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        for query in queries.captured_queries:
            if "participants_participant" in query["sql"]:
                cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, nargs="+", default=[100, 10000])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="cProfile the last size's page")
    args = parser.parse_args()

    settings.API_RATE_LIMIT = 10**9
    setup_test_environment()
    # A database of its own, never the test suite's (test_<name>), which may be in use.
    connection.settings_dict["TEST"]["NAME"] = f"bench_api_{connection.settings_dict['NAME']}"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            tenant = make_tenant(slug="bench", short_name="МБОУ «Школа Бенч»")
            _token, secret = api_token_create(
                user=tenant.curator, name="bench", scopes=["read"], days=1, organization=tenant.organization
            )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        url = reverse("api:participants", kwargs={"org_slug": "bench"})
        print(
            "| participants in the base | request | median ms | p95 ms | Python CPU ms (median) | queries |"
        )
        print("|---:|---|---:|---:|---:|---:|")
        for count in args.participants:
            with scopes_disabled():
                grow(tenant.organization, count)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            median, p95, cpu, queries, response = measure(client, url, args.repeat)
            assert len(response.json()["results"]) == 100
            print(f"| {count} | first page of 100 | {median:.1f} | {p95:.1f} | {cpu:.1f} | {queries} |")
            etag = response["ETag"]
            median, p95, cpu, queries, _response = measure(client, url, args.repeat, HTTP_IF_NONE_MATCH=etag)
            label = "the same page, If-None-Match (304)"
            print(f"| {count} | {label} | {median:.1f} | {p95:.1f} | {cpu:.1f} | {queries} |")
            if args.profile and count == args.participants[-1]:
                profile(client, url, connection)
            cursor_url = response.json()["next"]
            if cursor_url is None:
                continue
            median, p95, cpu, queries, _response = measure(client, cursor_url, args.repeat)
            print(f"| {count} | the next page (cursor) | {median:.1f} | {p95:.1f} | {cpu:.1f} | {queries} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
