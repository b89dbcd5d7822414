"""The roadmap: importing a 2,000-row Word and Excel file, PDF render time per seed template,
and its pages as the roadmap grows.

Run: .venv/bin/python bench/bench_roadmap.py [--import-rows 2000] [--import-repeat 3]
         [--renders 5] [--repeat 30] [--extra-stages 0 40] [--only-import]
Needs the PostgreSQL of the test suite (DATABASE_URL); creates and drops its own database.
Prints, for a .docx and an .xlsx of --import-rows table rows (header included, a stage every
20 rows, deadlines, people, results and a column the portal keeps as a note), the median
time of reading it and creating the roadmap (each run rolled back) and the peak of Python's
allocations in a run of its own (tracemalloc); then the render time of each template's
official PDF (the work of one Celery task, in this process) and, for the roadmap pages, the
median and 95th percentile in milliseconds
and the number of SQL queries through Django's test client.
"""

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402
from docx import Document  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from apps.documents.rendering import render_subject  # noqa: E402
from apps.roadmap import services  # noqa: E402
from apps.roadmap.importing import read_roadmap  # noqa: E402
from apps.roadmap.selectors import current_academic_year  # noqa: E402
from apps.roadmap.template_library import all_templates  # noqa: E402
from bench.bench_pages import measure  # noqa: E402
from bench.environment import setup_bench_environment  # noqa: E402
from tests.conftest import make_tenant  # noqa: E402
from tests.factories import grow_roadmap  # noqa: E402

HEADER = [
    "№ п/п",
    "Мероприятия",
    "Содержание деятельности",
    "Сроки",
    "Ответственные",
    "Ожидаемый результат",
    "Примечание",
]


def table_rows(count: int) -> list[list[str]]:
    rows = [HEADER]
    for index in range(1, count):
        if index % 20 == 1:
            rows.append([f"{index // 20 + 1}.", f"Этап работы номер {index // 20 + 1}", "", "", "", "", ""])
        else:
            rows.append(
                [
                    f"{index // 20 + 1}.{index % 20}",
                    f"Мероприятие {index}: методическое совещание наставников и наставляемых",
                    f"1. Подготовка материалов к встрече {index}. 2. Проведение встречи и обсуждение итогов",
                    "Октябрь 2025",
                    "Смирнова Л.М., Куратор",
                    "Протокол совещания",
                    "в рамках плана",
                ]
            )
    return rows


def docx_file(rows: list[list[str]]) -> bytes:
    document = Document()
    document.add_paragraph("Дорожная карта внедрения целевой модели наставничества")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, fields in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, fields, strict=True):
            cell.text = text
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_file(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for fields in rows:
        sheet.append([text or None for text in fields])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class RolledBack(Exception):
    pass


def import_once(organization, data: bytes, name: str) -> int:
    try:
        with transaction.atomic():
            roadmap_data = read_roadmap(BytesIO(data), name, year=2025)
            roadmap = services.roadmap_create(
                owner=organization, year=2025, data=roadmap_data, source="import", source_detail=name
            )
            count = roadmap.activities.count()
            raise RolledBack
    except RolledBack:
        return count


def bench_import(organization, rows: int, repeat: int) -> None:
    table = table_rows(rows)
    print("| file | table rows | size MB | activities | median s | max s | median CPU s | peak MB (traced) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for kind, make in (("docx", docx_file), ("xlsx", xlsx_file)):
        data = make(table)
        name = f"roadmap.{kind}"
        timings, cpu, count = [], [], 0
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            count = import_once(organization, data, name)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        tracemalloc.start()
        import_once(organization, data, name)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"| .{kind} | {rows} | {len(data) / 2**20:.2f} | {count} | {statistics.median(timings):.2f} | "
            f"{max(timings):.2f} | {statistics.median(cpu):.2f} | {peak / 2**20:.1f} |"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--extra-stages", type=int, nargs="+", default=[0, 40])
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument("--import-repeat", type=int, default=3)
    parser.add_argument("--only-import", action="store_true")
    args = parser.parse_args()

    setup_bench_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            tenant = make_tenant(slug="bench", short_name="МБОУ «Школа Бенч»")
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            bench_import(tenant.organization, args.import_rows, args.import_repeat)
            after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(
                f"\nprocess peak RSS: {before / 1024:.0f} MB before the imports (Django, WeasyPrint, "
                f"the test database), {after / 1024:.0f} MB after them"
            )
            if args.only_import:
                return
            print()
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
