"""Import of 10,000 participants from Excel against its floor: the organisation's template,
and an online form's export (Google Forms) read through a mapping.

Run: .venv/bin/python bench/bench_import.py [--rows 10000] [--repeat 3]
Needs the PostgreSQL of the test suite (DATABASE_URL); creates and drops its own database.

The floor, measured in the same run on the same file: reading it with openpyxl in read-only
mode plus one bulk insert of the same rows (no validation). The import (validation, the
recognition of people already in the base, answers, audit entries) should take at most twice
the floor, both when every row is new and when every row updates a person. Each time is the
median of --repeat runs, each inside a transaction that is rolled back, so that every run
starts from the same base. Queries and memory are counted in runs of their own, since
recording them slows the work down.

The forms export has a timestamp column, the full name in one cell, birth dates typed as text
(«25 декабря 2010», «25.12.10», …), the role as the form's author wrote it (value mapping)
and no category (a default). Its floor reads the same file and bulk-inserts the same rows
with the name split on spaces and no date parsed (a floor a little lower than the import's
honest work, so the ratio is if anything strict).
"""

import argparse
import io
import os
import statistics
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

from apps.participants.importing.mapping import FULL_NAME, TIMESTAMP, Mapping  # noqa: E402
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


FORMS_HEADER = [
    "Отметка времени",
    "Ваша фамилия, имя, отчество",
    "Дата рождения",
    "Укажите ваш класс",
    "В какой роли вы хотите участвовать?",
    "Адрес электронной почты",
    "Ваши интересы и увлечения",
]
MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября"]
FORMS_MAPPING = Mapping(
    columns={0: TIMESTAMP, 1: FULL_NAME, 2: "birth_date", 3: "group_name", 4: "programme_role", 5: "email"},
    values={"programme_role": {"Хочу, чтобы мне помогли (наставляемый)": "Наставляемый"}},
    defaults={"category": "Обучающийся"},
)


def make_forms_file(rows: int) -> bytes:
    """A Google Forms export: what a school downloads as .xlsx."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Ответы на форму (1)")
    sheet.append(FORMS_HEADER)
    for i in range(rows):
        born = date(2008, 1, 1) + timedelta(days=i % 2000)
        typed = (
            f"{born.day} {MONTHS[born.month - 1]} {born.year}"
            if born.month <= 9
            else born.strftime("%d.%m.%y")
        )
        sheet.append(
            [
                f"01.09.2026 {8 + i // 3600 % 12:02d}:{i // 60 % 60:02d}:{i % 60:02d}",
                f"{SURNAMES[i % 8]}-{i} {NAMES[i % 8]} Петрович",
                typed,
                "7А",
                "Хочу, чтобы мне помогли (наставляемый)",
                f"pupil{i}@school.example",
                "Шахматы и робототехника",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def forms_floor_once(organization, content: bytes) -> float:
    """openpyxl read-only over the export + one bulk insert of its rows (names split)."""
    started = time.perf_counter()
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    workbook.close()
    objects = []
    for r in rows:
        last, first, patronymic = (r[1].split(" ", 2) + ["", ""])[:3]
        objects.append(
            Participant(
                organization=organization,
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                category="student",
                group_name=r[3],
                programme_role="mentee",
                email=r[5],
            )
        )
    Participant.objects.bulk_create(objects, batch_size=2000)
    return time.perf_counter() - started


class _Rollback(Exception):
    pass


def rolled_back(work):
    """Run `work` in a transaction that is then rolled back; return what it returned."""
    result = None
    try:
        with transaction.atomic():
            result = work()
            raise _Rollback
    except _Rollback:
        return result


def floor_once(organization, content: bytes) -> float:
    """openpyxl read-only over the file + one bulk insert of its rows."""
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
    return time.perf_counter() - started


def _import(organization, content: bytes, mapping=None):
    plan, counts = participants_import(
        organization=organization, actor=None, fileobj=io.BytesIO(content), size=len(content), mapping=mapping
    )
    assert counts is not None, plan.errors[:5]
    return counts


def import_once(organization, content: bytes, mapping=None) -> float:
    started = time.perf_counter()
    _import(organization, content, mapping)
    return time.perf_counter() - started


def query_count(organization, content: bytes, mapping=None) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        counts = _import(organization, content, mapping)
    return len(queries.captured_queries), str(counts)


def peak_memory_mb(organization, content: bytes, mapping=None) -> float:
    """Python's peak allocation during an import."""
    tracemalloc.start()
    rolled_back(lambda: _import(organization, content, mapping))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def measure(organization, content, repeat, *, floor=floor_once, mapping=None):
    floors = [rolled_back(lambda: floor(organization, content)) for _ in range(repeat)]
    runs = [rolled_back(lambda: import_once(organization, content, mapping)) for _ in range(repeat)]
    queries, counts = rolled_back(lambda: query_count(organization, content, mapping))
    peak = peak_memory_mb(organization, content, mapping)
    return statistics.median(floors), statistics.median(runs), queries, peak, counts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        organization = OrganizationFactory(slug="bench")
        with scope(organization=organization):
            questionnaires_create_standard(organization=organization)
            new_file = make_file(organization, args.rows, "7А")
            update_file = make_file(organization, args.rows, "8А")
            forms_file = make_forms_file(args.rows)
            results = [("all rows new", *measure(organization, new_file, args.repeat))]
            results.append(
                (
                    "forms export new",
                    *measure(
                        organization, forms_file, args.repeat, floor=forms_floor_once, mapping=FORMS_MAPPING
                    ),
                )
            )
            _import(organization, new_file)  # committed: the people whom the update file changes
            results.append(("all rows update", *measure(organization, update_file, args.repeat)))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(
        f"{args.rows} rows, template file {len(new_file) / 1024:.0f} KiB, forms export "
        f"{len(forms_file) / 1024:.0f} KiB, median of {args.repeat} runs"
    )
    print(f"{'case':<18} {'floor s':>8} {'import s':>9} {'ratio':>6} {'queries':>8} {'peak MiB':>9}  result")
    for label, floor_s, import_s, queries, peak_mb, counts in results:
        figures = f"{floor_s:>8.2f} {import_s:>9.2f} {import_s / floor_s:>6.2f} {queries:>8} {peak_mb:>9.1f}"
        print(f"{label:<18} {figures}  {counts}")


if __name__ == "__main__":
    main()
