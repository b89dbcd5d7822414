"""Orders as PDFs: one single-page order's render time, and 100 orders rendered in a batch
by one real Celery worker on the Redis broker.

Run: .venv/bin/python bench/bench_orders.py [--renders 20] [--batch 100]
Needs the PostgreSQL and Redis of the test suite (DATABASE_URL, REDIS_URL); creates and drops
its own database and uses a queue of its own.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from apps.documents.models import Document  # noqa: E402
from apps.documents.services import render_subject  # noqa: E402
from apps.orders import services  # noqa: E402
from mentoring_portal.celery import app as celery_app  # noqa: E402
from tests.conftest import make_tenant  # noqa: E402


def approved_order(tenant, kind="implement_model"):
    order = services.order_draft(organization=tenant.organization, kind=kind, actor=tenant.curator)
    services.order_submit(order=order, actor=tenant.curator)
    return services.order_approve(order=order, actor=tenant.director)


def start_worker(queue):
    database = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    command = [sys.executable, "-m", "celery", "-A", "mentoring_portal", "worker", "-Q", queue, "-P", "solo"]
    return subprocess.Popen(
        [*command, "-l", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=settings.BASE_DIR,
        env=env,
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    worker = None
    try:
        with scopes_disabled():
            tenant = make_tenant(slug="bench", short_name="МБОУ «Школа Бенч»")
            order = approved_order(tenant)
            render_subject(order, "order")  # warm up
            timings = []
            for _ in range(args.renders):
                started = time.perf_counter()
                render_subject(order, "order")
                timings.append(time.perf_counter() - started)
            timings.sort()
            print(
                f"one order ({order.get_kind_display()}), {args.renders} renders: "
                f"median {statistics.median(timings):.3f} s, max {timings[-1]:.3f} s"
            )

            queue = f"bench-{uuid.uuid4().hex}"
            celery_app.conf.update(task_always_eager=False, task_default_queue=queue)
            worker = start_worker(queue)
            time.sleep(5)  # the worker starts
            started = time.perf_counter()
            orders = [approved_order(tenant).pk for _ in range(args.batch)]
            queued = time.perf_counter() - started
            pending = Document.objects.filter(subject_id__in=orders, kind="order")
            while pending.exclude(state="ready").exists() or pending.count() < args.batch:
                if pending.filter(state="failed").exists():
                    raise SystemExit("a render failed")
                time.sleep(0.2)
            total = time.perf_counter() - started
            print(
                f"{args.batch} orders approved and rendered by one worker: {total:.1f} s "
                f"(approving and queueing {queued:.1f} s of it)"
            )
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
