"""Server-side time of the foundation's pages as the data grows.

Run: .venv/bin/python bench/bench_pages.py [--members 10 1000] [--participants 10 10000] [--pairs 10 1000]
     [--organizations 100] [--meetings 40] [--repeat 50] [--only members registry board my_pair committee]
Needs the PostgreSQL of the test suite (DATABASE_URL); creates and drops its own database.
Prints, for each page and data size, the median and 95th percentile in milliseconds and
the number of SQL queries, through Django's test client (no network, no browser).
"""

import argparse
import gc
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from apps.organizations.roles import Role  # noqa: E402
from apps.pairs.models import Meeting, MeetingFeedback, Pair, PairMentee  # noqa: E402
from apps.pairs.services.accounts import mentor_access_grant  # noqa: E402
from apps.participants.models import Consent, Participant  # noqa: E402
from bench.environment import setup_bench_environment  # noqa: E402
from tests.conftest import make_tenant  # noqa: E402
from tests.factories import CommitteeMembershipFactory, MembershipFactory, ProgrammeFactory  # noqa: E402


def measure(client, url, repeat):
    # Statistics of the data just generated, as autovacuum gathers them after a bulk load in
    # production; without them PostgreSQL may plan for empty tables.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client.get(url)  # warm up
    # As a web worker (gunicorn.conf.py's post_worker_init): what is loaded so far, here also
    # the objects of the data just generated, out of the cyclic collector's reach.
    gc.collect()
    gc.freeze()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    gc.unfreeze()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)


def add_participants(organization, count):
    """`count` pupils, half of them with their representative's consent, in two statements."""
    people = Participant.objects.bulk_create(
        Participant(
            organization=organization,
            last_name=f"Ученик-{i}",
            first_name="Тест",
            birth_date=date(2012, 1, 1) + timedelta(days=i % 1000),
            category="student",
            group_name=f"{5 + i % 6}А",
            programme_role="mentee",
            status="in_base",
        )
        for i in range(count)
    )
    Consent.objects.bulk_create(
        Consent(
            organization=organization,
            participant=p,
            given_by="representative",
            representative_name="Родитель",
            representative_relation="mother",
            signed_on=date(2025, 9, 1),
        )
        for p in people[::2]
    )


def add_pairs(organization, count):
    """`count` pairs of a programme, spread over the statuses of the board."""
    programme = ProgrammeFactory(organization=organization, title="Бенчмарк")
    add_participants(organization, 2 * count)
    people = list(Participant.objects.filter(organization=organization, last_name__startswith="Ученик-"))
    statuses = [s for s, _label in Pair.Status.choices]
    pairs = Pair.objects.bulk_create(
        Pair(
            organization=organization,
            programme=programme,
            mentor=people[i],
            status=statuses[i % len(statuses)],
        )
        for i in range(count)
    )
    PairMentee.objects.bulk_create(
        PairMentee(organization=organization, pair=pair, mentee=people[count + i], score=50)
        for i, pair in enumerate(pairs)
    )


def add_meetings(tenant, count):
    """The tenant's mentor runs a working pair with `count` meetings, each with both attendees'
    feedback (the last one's missing), and a planned meeting."""
    organization = tenant.organization
    add_pairs(organization, 1)
    pair = Pair.objects.get(organization=organization)
    pair.status = Pair.Status.ACTIVE
    pair.save()
    pair.mentor.account = tenant.mentor
    pair.mentor.save()
    mentor_access_grant(participant=pair.mentor)
    mentee = pair.members.get().mentee
    kinds = ["organisational", "trial", "planning"] + ["regular"] * (count - 3)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            organization=organization, pair=pair, kind=kind, held_on=date(2026, 9, 1) + timedelta(days=4 * i)
        )
        for i, kind in enumerate(kinds)
    )
    Meeting.attendees.through.objects.bulk_create(
        Meeting.attendees.through(meeting_id=m.pk, participant_id=p)
        for m in meetings
        for p in (pair.mentor_id, mentee.pk)
    )
    MeetingFeedback.objects.bulk_create(
        MeetingFeedback(organization=organization, meeting=m, author_id=p, rating=5, comment="Полезно")
        for m in meetings[:-1]
        for p in (pair.mentor_id, mentee.pk)
    )
    return pair


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--organizations", type=int, default=100)
    parser.add_argument("--participants", type=int, nargs="+", default=[10, 10_000])
    parser.add_argument("--pairs", type=int, nargs="+", default=[10, 1000])
    parser.add_argument("--meetings", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=50)
    sections = ["members", "registry", "board", "my_pair", "committee"]
    parser.add_argument("--only", nargs="+", choices=sections, default=sections)
    args = parser.parse_args()
    if "members" not in args.only:
        args.members = []
    if "registry" not in args.only:
        args.participants = []
    if "board" not in args.only:
        args.pairs = []

    setup_bench_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            rows = []
            for size in args.members:
                tenant = make_tenant(slug=f"bench-{size}")
                for _ in range(size - 4):
                    MembershipFactory(organization=tenant.organization, role=Role.MENTOR)
                client = Client()
                client.force_login(tenant.director)
                for name in ("organizations:home", "organizations:members", "audit:log"):
                    url = reverse(name, kwargs={"org_slug": tenant.organization.slug})
                    rows.append((name, f"{size} members", *measure(client, url, args.repeat)))
            for size in args.participants:
                tenant = make_tenant(slug=f"registry-{size}")
                add_participants(tenant.organization, size)
                client = Client()
                client.force_login(tenant.curator)
                url = reverse("participants:list", kwargs={"org_slug": tenant.organization.slug})
                rows.append(("participants:list", f"{size} participants", *measure(client, url, args.repeat)))
            for size in args.pairs:
                tenant = make_tenant(slug=f"board-{size}")
                add_pairs(tenant.organization, size)
                client = Client()
                client.force_login(tenant.curator)
                url = reverse("pairs:board", kwargs={"org_slug": tenant.organization.slug})
                rows.append(("pairs:board", f"{size} pairs", *measure(client, url, args.repeat)))
            if "my_pair" in args.only:
                tenant = make_tenant(slug="mentor-pair")
                pair = add_meetings(tenant, args.meetings)
                client = Client()
                client.force_login(tenant.mentor)
                url = reverse(
                    "pairs:my_pair", kwargs={"org_slug": tenant.organization.slug, "pair_id": pair.pk}
                )
                rows.append(
                    (
                        "pairs:my_pair (mentor)",
                        f"{args.meetings} meetings",
                        *measure(client, url, args.repeat),
                    )
                )
            if "committee" not in args.only:
                return _print(rows)
            municipality = tenant.organization.municipality
            for _ in range(args.organizations - 1):
                make_tenant(municipality=municipality)
            committee = CommitteeMembershipFactory(municipality=municipality).user
            client = Client()
            client.force_login(committee)
            rows.append(
                (
                    "committee:dashboard",
                    f"{args.organizations} organisations",
                    *measure(client, municipality.get_absolute_url(), args.repeat),
                )
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    _print(rows)


def _print(rows):
    print(f"{'page':<24} {'data':<20} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for name, data, median, p95, queries in rows:
        print(f"{name:<24} {data:<20} {median:>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main()
