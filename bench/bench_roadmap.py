"""The roadmap: PDF render time per seed template, and its pages as the roadmap grows.

Run: .venv/bin/python bench/bench_roadmap.py [--renders 5] [--repeat 30] [--extra-stages 0 40]
Needs the PostgreSQL of the test suite (DATABASE_URL); creates and drops its own database.
Prints the render time of each template's official PDF (the work of one Celery task, in
this process) and, for the roadmap pages, the median and 95th percentile in milliseconds
and the number of SQL queries through Django's test client.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from apps.documents.services import render_subject  # noqa: E402
from apps.roadmap import services  # noqa: E402
from apps.roadmap.selectors import current_academic_year  # noqa: E402
from apps.roadmap.template_library import all_templates  # noqa: E402
from bench.bench_pages import measure  # noqa: E402
from tests.conftest import make_tenant  # noqa: E402
from tests.factories import grow_roadmap  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--extra-stages", type=int, nargs="+", default=[0, 40])
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            tenant = make_tenant(slug="bench", short_name="МБОУ «Школа Бенч»")
            print("| template | pages | activities | median s | max s |")
            print("|---|---:|---:|---:|---:|")
            for index, (key, template) in enumerate(all_templates().items()):
                owner = (
                    tenant.organization.municipality
                    if template["owner_kind"] == "municipality"
                    else tenant.organization
                )
                roadmap = services.roadmap_create(
                    owner=owner, year=2030 + index, data=template, source="template"
                )
                render_subject(roadmap, "roadmap")  # warm up fonts and templates
                timings, pdf = [], b""
                for _ in range(args.renders):
                    started = time.perf_counter()
                    pdf, _ = render_subject(roadmap, "roadmap")
                    timings.append(time.perf_counter() - started)
                info = subprocess.run(
                    ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
                ).stdout.decode()
                pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
                print(
                    f"| {key} | {pages} | {roadmap.activities.count()} | "
                    f"{statistics.median(timings):.2f} | {max(timings):.2f} |"
                )

            roadmap = services.roadmap_create(
                owner=tenant.organization,
                year=current_academic_year(),
                data=all_templates()["lyceum7"],
                source="template",
            )
            client = Client()
            client.force_login(tenant.curator)
            print()
            print("| page | activities | median ms | p95 ms | queries |")
            print("|---|---:|---:|---:|---:|")
            grown = 0
            for extra in sorted(args.extra_stages):
                grow_roadmap(roadmap, stages=extra - grown)
                grown = extra
                count = roadmap.activities.count()
                kwargs = {"org_slug": tenant.organization.slug, "roadmap_id": roadmap.pk}
                for name in ("roadmap:detail", "roadmap:timeline"):
                    median, p95, queries = measure(client, reverse(name, kwargs=kwargs), args.repeat)
                    print(f"| {name} | {count} | {median:.1f} | {p95:.1f} | {queries} |")
                home = reverse("organizations:home", kwargs={"org_slug": tenant.organization.slug})
                median, p95, queries = measure(client, home, args.repeat)
                print(f"| organizations:home (curator) | {count} | {median:.1f} | {p95:.1f} | {queries} |")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
