"""`monitoring.targets.compute` now against an earlier version of targets.py, on the committee
benchmark's generated data (bench/generate_monitoring_data.py): what a change to the targets
costs the hourly recount and the committee's live counts.

Run:
    git show <commit>:apps/monitoring/targets.py > /tmp/targets_before.py
    .venv/bin/python bench/compare_targets.py --before /tmp/targets_before.py --organizations 100
Needs the PostgreSQL of the test suite (DATABASE_URL); creates and drops its own database.
"""

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from apps.monitoring import targets  # noqa: E402
from bench.environment import setup_bench_environment  # noqa: E402
from bench.generate_monitoring_data import generate  # noqa: E402


def load_before(path: str):
    """The earlier targets.py as a module: its relative imports made absolute."""
    text = Path(path).read_text().replace("from .", "from apps.monitoring.")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as copy:
        copy.write(text)
    spec = importlib.util.spec_from_file_location("targets_before", copy.name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True)
    parser.add_argument("--organizations", type=int, default=100)
    parser.add_argument("--participants-each", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    before = load_before(args.before)

    setup_bench_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        municipality = generate(
            organizations=args.organizations, participants=args.organizations * args.participants_each
        )
        with scopes_disabled():
            ids = list(municipality.organizations.values_list("pk", flat=True))
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            day = timezone.localdate()
            times: dict[str, list[float]] = {"before": [], "now": []}
            for _round in range(args.repeat):  # alternated, so that a busy moment weighs on both
                for label, module in (("before", before), ("now", targets)):
                    started = time.perf_counter()
                    module.compute(ids, day)
                    times[label].append((time.perf_counter() - started) * 1000)
        print("| targets.py | organisations | median ms | min ms | max ms | runs |")
        print("|---|---:|---:|---:|---:|---:|")
        for label, found in times.items():
            print(
                f"| {label} | {len(ids)} | {statistics.median(found):.0f} | {min(found):.0f} | "
                f"{max(found):.0f} | {len(found)} |"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
