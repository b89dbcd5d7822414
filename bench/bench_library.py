"""Issue #18's library bench: the library page of an organisation whose municipality shares
many items (server time and queries through Django's test client, with and without a Russian
search), and `library.selectors.public_items` at 200 published items (what the public section
calls).

Run: .venv/bin/python bench/bench_library.py [--organizations 20] [--items 100] [--repeat 20]
Needs the PostgreSQL of the test suite (DATABASE_URL); creates and drops its own database.
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

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from apps.library.models import FORM_CHOICES, Item, search_vector_expression  # noqa: E402
from apps.library.selectors import items_found, public_items  # noqa: E402
from apps.organizations.roles import Role  # noqa: E402
from bench.bench_pages import measure  # noqa: E402
from tests.factories import MembershipFactory, MunicipalityFactory, OrganizationFactory  # noqa: E402

WORDS = [
    "Памятка наставнику о первой встрече",
    "Анкета наставляемого и согласие родителей",
    "Положение о системе наставничества",
    "Кейс: адаптация молодого специалиста",
    "Программа «Школа наставников»",
    "План мероприятий итогового этапа",
]


def add_items(organization, count, *, shared: bool, published: int = 0):
    Item.objects.bulk_create(
        Item(
            organization=organization,
            kind=("material", "programme", "case")[n % 3],
            title=f"{WORDS[n % len(WORDS)]} — {n}",
            description="Описание материала для наставников и кураторов. " * 5,
            situation="Ситуация пары" if n % 3 == 2 else "",
            forms=[FORM_CHOICES[n % len(FORM_CHOICES)][0]],
            stages=[1 + n % 7],
            visibility="municipality" if shared else "organization",
            published=n < published,
        )
        for n in range(count)
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--organizations", type=int, default=20)
    parser.add_argument("--items", type=int, default=100, help="items of each organisation")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--explain", action="store_true", help="print the search's query plan")
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            municipality = MunicipalityFactory()
            organizations = [
                OrganizationFactory(municipality=municipality) for _ in range(args.organizations)
            ]
            own = organizations[0]
            curator = MembershipFactory(organization=own, role=Role.CURATOR).user
            add_items(own, 200, shared=False, published=200)
            for organization in organizations[1:]:
                add_items(organization, args.items, shared=True)
            # bulk_create skips save(): the vectors in one statement, as save() computes them.
            Item.objects.update(search_vector=search_vector_expression())
            total = Item.objects.count()
        client = Client()
        client.force_login(curator)
        url = reverse("library:list", kwargs={"org_slug": own.slug})
        print(f"{total} items, {args.organizations - 1} organisations sharing {args.items} each")
        print("| page | median ms | p95 ms | queries |")
        print("|---|---:|---:|---:|")
        median, p95, queries = measure(client, url, args.repeat)
        print(f"| `library:list`, no words (first page of 50) | {median:.1f} | {p95:.1f} | {queries} |")
        client.post(url, {"words": "наставника", "kind": "", "form": "", "stage": ""})
        median, p95, queries = measure(client, url, args.repeat)
        print(f"| `library:list`, «наставника» | {median:.1f} | {p95:.1f} | {queries} |")
        client.post(url, {"words": "итоговый этап", "kind": "material", "form": "", "stage": "7"})
        median, p95, queries = measure(client, url, args.repeat)
        print(f"| `library:list`, «итоговый этап» + kind + stage | {median:.1f} | {p95:.1f} | {queries} |")

        if args.explain:
            with scopes_disabled():
                found = items_found(own, words="наставника")[:50]
                print(found.explain(analyze=True))
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            items = public_items(own)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            public_items(own)
        timings.sort()
        print(
            f"| `public_items` ({len(items)} published) | {statistics.median(timings):.1f} | "
            f"{timings[int(len(timings) * 0.95) - 1]:.1f} | {len(captured)} |"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
