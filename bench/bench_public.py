"""Issue #18's bench: the public section «Наставничество» of an organisation with 200
published news items and 200 published documents (plus events, a roadmap with its PDF, a
contest's winners and the targets' snapshot), and its other pages, asked by a visitor (no
session). Server time through Django's test client and the number of queries.

Run: .venv/bin/python bench/bench_public.py [--items 200] [--repeat 30]
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

from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from apps.documents.models import Document  # noqa: E402
from apps.documents.services import document_request  # noqa: E402
from apps.events.models import Event  # noqa: E402
from apps.monitoring.models import TargetSnapshot  # noqa: E402
from apps.monitoring.targets import TARGETS  # noqa: E402
from apps.organizations.roles import Role  # noqa: E402
from apps.public import services  # noqa: E402
from apps.public.models import NewsItem, PublicDocument  # noqa: E402
from apps.roadmap import services as roadmap_services  # noqa: E402
from apps.roadmap.template_library import get_template  # noqa: E402
from bench.bench_pages import measure  # noqa: E402
from bench.environment import setup_bench_environment  # noqa: E402
from tests.factories import MembershipFactory, OrganizationFactory  # noqa: E402

PAGES = ["public:section", "public:embed", "public:news", "public:documents", "public:rss", "public:roadmap"]


def fill(organization, curator, items):
    today = timezone.localdate()
    services.section_update(
        organization=organization, actor=curator, is_open=True, contact_name="Смирнова Л.М."
    )
    roadmap = roadmap_services.roadmap_create(
        owner=organization,
        year=today.year if today.month >= 9 else today.year - 1,
        data=get_template("lyceum7"),
        source="template",
        actor=curator,
    )
    pdf = document_request(subject=roadmap, kind="roadmap", actor=curator)
    pdf.file.save("roadmap.pdf", ContentFile(b"%PDF-1.7 bench"), save=False)
    pdf.state = Document.State.READY
    pdf.save()
    services.roadmap_publish(organization=organization, actor=curator, roadmap=roadmap)
    NewsItem.objects.bulk_create(
        NewsItem(
            organization=organization,
            title=f"Новость раздела «Наставничество» № {n}",
            text="<p>Текст новости о программе наставничества.</p>" * 5,
            published_on=today - timedelta(days=n),
            is_published=True,
        )
        for n in range(items)
    )
    stored = services.document_create(
        organization=organization,
        actor=curator,
        kind="regulation",
        title="Положение",
        published_on=today,
        upload=ContentFile(b"%PDF-1.4 bench", name="polozhenie.pdf"),
        publish=True,
    )
    PublicDocument.objects.bulk_create(
        PublicDocument(
            organization=organization,
            kind="other",
            title=f"Документ № {n}",
            file=stored.file.name,
            published_on=today,
            is_published=True,
        )
        for n in range(items - 1)
    )
    Event.objects.bulk_create(
        Event(
            organization=organization,
            kind="seminar",
            title=f"Семинар наставников № {n}",
            place="Актовый зал",
            starts_at=timezone.now() + timedelta(days=n - 20),
            status="planned" if n >= 20 else "held",
        )
        for n in range(40)
    )
    TargetSnapshot.objects.bulk_create(
        TargetSnapshot(
            organization=organization,
            period="2026-Q4",
            code=t.code,
            numerator=9,
            denominator=10,
            taken_at=timezone.now(),
        )
        for t in TARGETS
    )


def profile(client, url):
    import cProfile
    import pstats

    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for query in queries:
        print(query["sql"][:160])
    profiler = cProfile.Profile()
    profiler.runcall(client.get, url)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--profile", help="a page's URL name: print its queries and a profile instead")
    args = parser.parse_args()

    setup_bench_environment()  # pages rendered as in production
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            organization = OrganizationFactory()
            curator = MembershipFactory(organization=organization, role=Role.CURATOR).user
            fill(organization, curator, args.items)
        client = Client()  # a visitor: no session
        if args.profile:
            profile(client, reverse(args.profile, kwargs={"site_slug": organization.slug}))
            return
        print("| public page | published news + documents | median ms | p95 ms | queries |")
        print("|---|---:|---:|---:|---:|")
        for name in PAGES:
            url = reverse(name, kwargs={"site_slug": organization.slug})
            median, p95, queries = measure(client, url, args.repeat)
            print(f"| `{name}` | {args.items} + {args.items} | {median:.1f} | {p95:.1f} | {queries} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
