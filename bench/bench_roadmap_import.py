"""Reading a roadmap .xlsx: time and Python's peak allocation for files that claim far more
than they hold, and for the largest real one (2,000 rows).

Run: .venv/bin/python bench/bench_roadmap_import.py [--repeat 3]
Needs no database. Prints, per file, its size, the median time, the peak allocation
(tracemalloc, in a run of its own) and what the reader answered.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
import zipfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from apps.roadmap.importing import RoadmapFileError, read_roadmap  # noqa: E402

HEADER = ["№", "Этап", "Мероприятие", "Сроки", "Ответственные", "Показатель", "Результат"]
SMALL = [HEADER, ["1", "Подготовка", "Издание приказа", "Сентябрь 2024", "Иванов И.И.", "", ""]]
LARGEST = [HEADER] + [
    [f"1.{i}", "Этап" if i % 20 == 0 else "", f"Мероприятие {i} " * 8, "Сентябрь 2024", "Иванов И.И.", "", ""]
    for i in range(1999)
]


def xlsx(rows, *, stray=None, after_rows=b"", after_data=b"") -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    if stray:
        workbook.active[stray] = "x"
    buffer = BytesIO()
    workbook.save(buffer)
    if not (after_rows or after_data):
        return buffer.getvalue()
    out = BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", after_rows + b"</sheetData>" + after_data)
            target.writestr(part, data)
    return out.getvalue()


FILES = {
    "a value at XFD1048576": lambda: xlsx(SMALL, stray="XFD1048576"),
    "a value at A1048576": lambda: xlsx(SMALL, stray="A1048576"),
    "a value at XFD2": lambda: xlsx(SMALL, stray="XFD2"),
    "a merge over the whole sheet": lambda: xlsx(
        SMALL, after_data=b'<mergeCells><mergeCell ref="A3:XFD1048576"/></mergeCells>'
    ),
    "2,000 rows of a real roadmap": lambda: xlsx(LARGEST),
    "a million blank styled rows": lambda: xlsx(
        SMALL,
        after_rows=b"".join(
            b'<row r="%d" ht="20" customHeight="1"><c r="A%d" s="0"/></row>' % (n, n)
            for n in range(10, 1_000_000)
        ),
    ),
}


def read(data: bytes) -> str:
    with translation.override("en"):
        try:
            roadmap = read_roadmap(BytesIO(data), "roadmap.xlsx", year=2024)
        except RoadmapFileError as error:
            return f"refused: {str(error)[:60]}…"
    return f"{sum(len(stage['activities']) for stage in roadmap['stages'])} activities"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| file | KB | median s | peak MiB | result |")
    print("|---|---:|---:|---:|---|")
    for name, build in FILES.items():
        data = build()
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = read(data)
            timings.append(time.perf_counter() - started)
        tracemalloc.start()
        read(data)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"| {name} | {len(data) / 1024:.0f} | {statistics.median(timings):.2f} | "
            f"{peak / 2**20:.1f} | {result} |"
        )


if __name__ == "__main__":
    main()
