"""Import of 10,000 participants from Excel against its floor.

Run: .venv/bin/python bench/bench_import.py [--rows 10000]
Needs the PostgreSQL of the test suite (DATABASE_URL); creates and drops its own database.

The floor, measured in the same run on the same file: reading it with openpyxl in read-only
mode plus one bulk insert of the same rows (no validation). The import (validation, the
recognition of people already in the base, answers, audit entries, one transaction) should
take at most twice the floor, both when every row is new and when every row updates a person.
"""

import argparse
import io
import os
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django_scopes import scope  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from apps.participants.importing.pipeline import template_columns  # noqa: E402
from apps.participants.importing.service import participants_import  # noqa: E402
from apps.participants.models import Participant  # noqa: E402
from apps.participants.questionnaires import questionnaires_create_standard  # noqa: E402
from tests.factories import OrganizationFactory  # noqa: E402

SURNAMES = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов"]
NAMES = ["Алексей", "Мария", "Дмитрий", "Анна", "Сергей", "Елена", "Иван", "Ольга"]


def make_file(organization, rows: int, group: str) -> bytes:
    header = [name for _target, name in template_columns(organization)]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Участники")
    sheet.append(header)
    for i in range(rows):
        row = [""] * len(header)
        row[0] = f"{SURNAMES[i % 8]}-{i}"
        row[1] = NAMES[i % 8]
        row[2] = "Петрович"
        row[3] = date(2008, 1, 1) + timedelta(days=i % 2000)
        row[4] = "Обучающийся"
        row[5] = group
        row[6] = "Наставляемый"
        row[8] = f"pupil{i}@school.example"
        row[header.index("Наставляемый: Ваши интересы и увлечения")] = "Шахматы и робототехника"
        row[header.index("Наставляемый: Предпочтительная форма наставничества")] = "Ученик – ученик"
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def floor(organization, content: bytes) -> float:
    """openpyxl read-only over the file + one bulk insert of its rows, then rolled back."""
    started = time.perf_counter()
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    workbook.close()
    objects = [
        Participant(
            organization=organization,
            last_name=r[0],
            first_name=r[1],
            patronymic=r[2],
            birth_date=r[3].date() if hasattr(r[3], "date") else r[3],
            category="student",
            group_name=r[5],
            programme_role="mentee",
            email=r[8],
        )
        for r in rows
    ]
    Participant.objects.bulk_create(objects, batch_size=2000)
    elapsed = time.perf_counter() - started
    Participant.objects.filter(pk__in=[o.pk for o in objects]).delete()
    return elapsed


class _Rollback(Exception):
    pass


def peak_memory_mb(organization, content: bytes) -> float:
    """Python's peak allocation during an import, measured on a run that is rolled back
    (tracemalloc slows Python down, so the timed run goes without it)."""
    tracemalloc.start()
    try:
        with transaction.atomic():
            participants_import(
                organization=organization, actor=None, fileobj=io.BytesIO(content), size=len(content)
            )
            raise _Rollback
    except _Rollback:
        pass
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def run_import(organization, content: bytes):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        plan, counts = participants_import(
            organization=organization, actor=None, fileobj=io.BytesIO(content), size=len(content)
        )
        elapsed = time.perf_counter() - started
    assert counts is not None, plan.errors[:5]
    return elapsed, len(queries.captured_queries), counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        organization = OrganizationFactory(slug="bench")
        with scope(organization=organization):
            questionnaires_create_standard(organization=organization)
            new_file = make_file(organization, args.rows, "7А")
            update_file = make_file(organization, args.rows, "8А")
            results = []
            for label, content in (("all rows new", new_file), ("all rows update", update_file)):
                floor_seconds = floor(organization, content)
                peak_mb = peak_memory_mb(organization, content)
                seconds, queries, counts = run_import(organization, content)
                results.append(
                    (label, floor_seconds, seconds, seconds / floor_seconds, queries, peak_mb, counts)
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"{args.rows} rows, file {len(new_file) / 1024:.0f} KiB")
    print(f"{'case':<16} {'floor s':>8} {'import s':>9} {'ratio':>6} {'queries':>8} {'peak MiB':>9}  result")
    for label, floor_seconds, seconds, ratio, queries, peak_mb, counts in results:
        print(
            f"{label:<16} {floor_seconds:>8.2f} {seconds:>9.2f} {ratio:>6.2f} {queries:>8} {peak_mb:>9.1f}  {counts}"
        )
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
