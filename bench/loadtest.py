"""The load test (`make loadtest`): the portal as deployed, under the load of a municipality.

    .venv/bin/python bench/loadtest.py [--run-time 240] [--fault none|worker|postgres] [--fault-at 90]

1. Prepares its own database (LOADTEST_DATABASE_URL; created when missing, never the
   default one): migrations, `load_demo`, `grow_demo` (40 more organisations of 300
   participants; idempotent, so a second run only refreshes them), and a file of 2,000 new
   participants to import.
2. Starts gunicorn (production settings, 4 workers, 127.0.0.1:--port), one Celery worker
   (concurrency 2, as docker-compose.yml) and Celery beat on its own Redis database
   (LOADTEST_REDIS_URL, emptied first), files under reports/loadtest/.
3. Runs Locust headless (bench/locustfile.py: 25 curators, 25 mentors, 5 committee members,
   50 PDFs, one import) for --run-time seconds; with --fault, kills the worker with kill -9
   (its whole process group, when it has just taken a job) and starts a new one, or
   restarts PostgreSQL (--pg-restart), at --fault-at seconds.
4. Waits for the queue to drain, then checks in the database: every PDF asked for rendered
   exactly once (one ready document per subject, one attempt), the import done once (2,000
   people, each once), every meeting the mentors logged stored once; and in Locust's
   figures: no failed request (with a fault: none outside the outage), p95 of every page.
5. Stops everything it started (also on Ctrl+C), prints the summary and writes it with the
   raw figures to reports/loadtest/<run>/. Exit status 0 when every goal is met.
"""

import argparse
import csv
import io
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
P95_GOAL_MS = 300
PAGE_CONTENT = "GET"
MEETING_NOTE = "Нагрузочный тест"  # the notes of the meetings bench/locustfile.py logs
DEFAULT_PG_RESTART = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main restart"


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--run-time", type=int, default=240, help="seconds of load")
    parser.add_argument("--port", type=int, default=18000)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--organizations", type=int, default=40)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--import-rows", type=int, default=2000)
    parser.add_argument("--import-at", type=int, default=60, help="seconds after the start")
    parser.add_argument("--pdfs", type=int, default=50)
    parser.add_argument("--fault", choices=["none", "worker", "postgres"], default="none")
    parser.add_argument("--fault-at", type=int, default=90, help="seconds after the start")
    parser.add_argument(
        "--fault-task",
        default="",
        help="strike when the worker takes a task whose name contains this (worker: any task)",
    )
    parser.add_argument(
        "--fault-delay", type=float, default=0.5, help="seconds between the job taken and the kill"
    )
    parser.add_argument("--worker-down", type=int, default=10, help="seconds before the new worker starts")
    parser.add_argument("--pg-restart", default=os.environ.get("LOADTEST_PG_RESTART", DEFAULT_PG_RESTART))
    parser.add_argument(
        "--drain", type=int, default=0, help="seconds to wait for the queue (default: by fault)"
    )
    parser.add_argument("--password", default="demo12345")
    parser.add_argument("--no-beat", action="store_true", help="without Celery beat (and its sweepers)")
    parser.add_argument("--skip-grow", action="store_true", help="the database is grown already")
    return parser.parse_args()


# --- Environment ---------------------------------------------------------------------------


def service_urls() -> tuple[str, str]:
    database = os.environ.get(
        "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mentoring_portal_load"
    )
    redis = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    return database, redis


def portal_env(run_dir: Path, database: str, redis: str) -> dict:
    """The environment of gunicorn and the worker: production settings on loopback http."""
    var = ROOT / "reports" / "loadtest" / "var"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database,
        "REDIS_URL": redis,
        "CELERY_BROKER_URL": redis,
        "EMAIL_URL": "dummymail://",
        "MEDIA_ROOT": str(var / "media"),
        "PRIVATE_MEDIA_ROOT": str(var / "private_media"),
        "STATIC_ROOT": str(var / "staticfiles"),
        "LOG_LEVEL": "INFO",
    }


def setup_django(env: dict) -> None:
    """This process prepares and checks the data with the local settings, tasks eager (the
    demo's order PDFs are rendered here, not left in the test's queue)."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings.local",
            "DATABASE_URL": env["DATABASE_URL"],
            "CELERY_BROKER_URL": "",
            "REDIS_URL": "",
            "MEDIA_ROOT": env["MEDIA_ROOT"],
            "PRIVATE_MEDIA_ROOT": env["PRIVATE_MEDIA_ROOT"],
            "LOG_LEVEL": "WARNING",
            "DEBUG": "false",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if name in ("", "postgres", "mentoring_portal"):
        raise SystemExit(f"LOADTEST_DATABASE_URL must name a database of its own, not {name!r}")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def prepare(args, env: dict) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if not args.skip_grow:
        say("load_demo and grow_demo (the first time takes about half an hour; then a minute or two)")
        out = io.StringIO()
        call_command("load_demo", password=args.password, stdout=out)
        call_command(
            "grow_demo",
            organizations=args.organizations,
            people=args.people,
            password=args.password,
            stdout=out,
        )
        (Path(env["RUN_DIR"]) / "grow.log").write_text(out.getvalue(), encoding="utf-8")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    # The hourly recount as Celery beat runs it in production: the committee's pages read its
    # snapshots (a grown database from before a new kind of snapshot has none yet).
    from apps.monitoring.tasks import take_target_snapshots

    take_target_snapshots()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum does after a bulk load


def import_file(organization, rows: int, tag: str) -> bytes:
    """2,000 new pupils in the organisation's template, each with an e-mail of this run."""
    from openpyxl import Workbook

    from apps.participants.importing.pipeline import template_columns

    columns = template_columns(organization)
    header = [name for _target, name in columns]
    position = {target: index for index, (target, _name) in enumerate(columns)}
    interests = next(i for i, name in enumerate(header) if name.endswith("Ваши интересы и увлечения"))
    surnames = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов"]
    names = ["Алексей", "Дмитрий", "Иван", "Сергей", "Максим", "Артём", "Егор", "Кирилл"]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Участники")
    sheet.append(header)
    for i in range(rows):
        row = [""] * len(header)
        row[position["last_name"]] = f"{surnames[i % 8]}-{tag}-{i}"
        row[position["first_name"]] = names[i % 8]
        row[position["patronymic"]] = "Петрович"
        row[position["birth_date"]] = date(2010, 1, 1) + timedelta(days=i % 1500)
        row[position["category"]] = "Обучающийся"
        row[position["group_name"]] = f"{5 + i % 5}В"
        row[position["programme_role"]] = "Наставляемый"
        row[position["email"]] = f"load-{tag}-{i}@import.example"
        row[interests] = "Шахматы и робототехника"
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Processes -----------------------------------------------------------------------------


class Processes:
    """What this run started; all of it is stopped on exit."""

    def __init__(self):
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict, log: Path) -> subprocess.Popen:
        handle = log.open("ab")
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running[name] = process
        return process

    def kill9(self, name: str) -> None:
        """kill -9 of the whole process group: the worker and its pool processes at once."""
        process = self.running.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in self.running.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.time() + 30
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.running.clear()


def gunicorn_command(args) -> list[str]:
    return [
        str(VENV_BIN / "gunicorn"),
        "mentoring_portal.wsgi:application",
        "--config",
        "gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
    ]


def worker_command(name: str) -> list[str]:
    # At a lower CPU priority, as docker-compose.yml gives it (cpu_shares): a page someone waits
    # for goes before a PDF or an import nobody watches render.
    return [
        "nice",
        "-n",
        "10",
        str(VENV_BIN / "celery"),
        "-A",
        "mentoring_portal",
        "worker",
        "--loglevel",
        "INFO",
        "--concurrency",
        "2",
        "--hostname",
        f"{name}@%h",
        "--without-gossip",
        "--without-mingle",
    ]


def beat_command(run_dir: Path) -> list[str]:
    # One beat, as deployed: it sends the sweepers that re-send stuck PDF and import jobs.
    return [
        str(VENV_BIN / "celery"),
        "-A",
        "mentoring_portal",
        "beat",
        "--loglevel",
        "INFO",
        "--pidfile",
        str(run_dir / "beat.pid"),
    ]


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2) as response:
            return response.read() == b"ok"
    except Exception:  # noqa: BLE001
        return False


def wait_healthy(port: int, limit: float = 60) -> float:
    deadline = time.time() + limit
    while time.time() < deadline:
        if healthy(port):
            return time.time()
        time.sleep(0.2)
    raise SystemExit(f"the portal did not answer on port {port} within {limit:.0f} s")


def port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


# --- During the run ------------------------------------------------------------------------


class Sampler(threading.Thread):
    """The machine's load average every 5 s: the machine is shared, figures are noisy."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(5):
            self.samples.append(os.getloadavg()[0])


def wait_for_job(args, log: Path, outage: dict) -> None:
    """Until the worker takes a job (the named one, if --fault-task), then a little into it."""
    seen = log.read_text(errors="replace").count(" received")
    deadline = time.time() + 120
    while time.time() < deadline:
        received = [line for line in log.read_text(errors="replace").splitlines() if " received" in line]
        fresh = [line for line in received[seen:] if args.fault_task in line]
        if fresh:
            outage["task"] = fresh[0].split("Task ")[-1].removesuffix(" received")
            break
        time.sleep(0.05)
    time.sleep(args.fault_delay)


def inject_fault(args, processes: Processes, env: dict, run_dir: Path, started: float, outage: dict) -> None:
    time.sleep(max(0.0, started + args.fault_at - time.time()))
    if args.fault_task or args.fault == "worker":
        wait_for_job(args, run_dir / "worker.log", outage)
    outage["start"] = time.time()
    if args.fault == "worker":
        processes.kill9("worker")
        say(f"fault: worker killed with kill -9 (taking {outage.get('task', 'nothing')})")
        time.sleep(args.worker_down)
        processes.start("worker", worker_command("loadtest2"), env, run_dir / "worker.log")
        outage["end"] = time.time()
        say("fault: a new worker started")
    elif args.fault == "postgres":
        result = subprocess.run(args.pg_restart, shell=True, capture_output=True, text=True)  # noqa: S602
        outage["restart_exit"] = result.returncode
        outage["restart_s"] = round(time.time() - outage["start"], 2)
        outage["end"] = wait_healthy(args.port, limit=120)
        say(
            f"fault: PostgreSQL restarted ({result.returncode}) in {outage['restart_s']} s"
            f" (the worker taking {outage.get('task', 'nothing')})"
        )


# --- Afterwards ----------------------------------------------------------------------------


def read_events(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_stats(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def baseline() -> dict:
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from apps.pairs.models import Meeting

    with scopes_disabled():
        last_meeting = Meeting.objects.order_by("-pk").values_list("pk", flat=True).first()
    return {"at": timezone.now(), "meeting_id": last_meeting or 0}


def drain(since, limit: int) -> float:
    """Seconds until no document or import of the run is waiting (or `limit`)."""
    from django.db import close_old_connections, connections
    from django_scopes import scopes_disabled

    from apps.documents.models import Document
    from apps.participants.models import ImportRun

    connections.close_all()
    started = time.time()
    while time.time() - started < limit:
        close_old_connections()
        try:
            with scopes_disabled():
                waiting = Document.objects.filter(
                    created_at__gte=since, state__in=["queued", "rendering"]
                ).count()
                waiting += ImportRun.objects.filter(
                    created_at__gte=since, state__in=["checking", "importing"]
                ).count()
        except Exception:  # noqa: BLE001  (the database may still be coming back)
            connections.close_all()
            waiting = -1
        if waiting == 0:
            return time.time() - started
        time.sleep(3)
    return time.time() - started


def check_database(base: dict, tag: str, events: list[dict], import_rows: int) -> dict:
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from apps.documents.models import Document
    from apps.pairs.models import Meeting
    from apps.participants.models import ImportRun, Participant

    with scopes_disabled():
        documents = list(
            Document.objects.filter(
                created_at__gte=base["at"], kind__in=["roadmap", "monitoring_report"]
            ).values("subject_type_id", "subject_id", "kind", "state", "attempts")
        )
        per_subject: dict = {}
        for document in documents:
            per_subject.setdefault(
                (document["subject_type_id"], document["subject_id"], document["kind"]), []
            ).append(document)
        asked = {(e["kind"], e["org"]) for e in events if e["type"] == "pdf" and e["result"] == "asked"}
        ready_once = sum(
            1
            for docs in per_subject.values()
            if len(docs) == 1 and docs[0]["state"] == "ready" and docs[0]["attempts"] == 1
        )
        states: dict = {}
        for document in documents:
            states[document["state"]] = states.get(document["state"], 0) + 1
        runs = list(
            ImportRun.objects.filter(created_at__gte=base["at"]).values(
                "pk", "state", "created_count", "updated_count", "total_rows", "file_error"
            )
        )
        imported = Participant.objects.filter(email__startswith=f"load-{tag}-")
        duplicates = imported.values("email").annotate(n=Count("pk")).filter(n__gt=1).count()
        meetings = Meeting.objects.filter(pk__gt=base["meeting_id"], notes__startswith=MEETING_NOTE).count()
    logged = [e for e in events if e["type"] == "meeting"]
    return {
        "pdfs_asked": len(asked),
        "pdf_requests_failed": sum(1 for e in events if e["type"] == "pdf" and e["result"] == "failed"),
        "pdf_documents": len(documents),
        "pdf_subjects": len(per_subject),
        "pdf_subjects_ready_once": ready_once,
        "pdf_states": states,
        "pdf_attempts_max": max((d["attempts"] for d in documents), default=0),
        "import_runs": runs,
        "imported_people": imported.count(),
        "imported_duplicates": duplicates,
        "meetings_logged_seen": sum(1 for e in logged if e["result"] == "logged"),
        "meetings_refused_seen": sum(1 for e in logged if e["result"] == "refused"),
        "meetings_unknown_seen": sum(1 for e in logged if e["result"] == "unknown"),
        "meetings_stored": meetings,
        "import_rows": import_rows,
    }


def verdict(
    args, db: dict, stats: list[dict], events: list[dict], outage: dict
) -> list[tuple[str, bool, str]]:
    failures = [e for e in events if e["type"] == "failure"]
    if outage.get("start"):
        window = (outage["start"] - 1, outage.get("end", outage["start"]) + 5)
        outside = [e for e in failures if not window[0] <= e["t"] <= window[1]]
    else:
        outside = failures
    pages = [
        row
        for row in stats
        if row["Type"] == PAGE_CONTENT and row["Name"] != "Aggregated" and row["95%"] != "N/A"
    ]
    slow = [f"{row['Name']} {row['95%']} ms" for row in pages if float(row["95%"]) > P95_GOAL_MS]
    runs = db["import_runs"]
    import_ok = (
        len(runs) == 1
        and runs[0]["state"] == "done"
        and runs[0]["created_count"] == args.import_rows
        and db["imported_people"] == args.import_rows
        and db["imported_duplicates"] == 0
    )
    pdf_ok = (
        db["pdfs_asked"] == args.pdfs
        and db["pdf_subjects"] == args.pdfs
        and db["pdf_subjects_ready_once"] == args.pdfs
        and db["pdf_documents"] == args.pdfs
    )
    meetings_ok = db["meetings_stored"] == db["meetings_logged_seen"] and db["meetings_unknown_seen"] == 0
    label = "no failed request outside the outage" if outage.get("start") else "no failed request"
    return [
        (f"p95 <= {P95_GOAL_MS} ms on every page", not slow, ", ".join(slow) or "all pages"),
        (label, not outside, f"{len(outside)} outside, {len(failures)} in all"),
        (
            f"{args.pdfs} PDFs, each rendered once",
            pdf_ok,
            f"asked {db['pdfs_asked']} ({db['pdf_requests_failed']} tries failed), "
            f"documents {db['pdf_documents']} for {db['pdf_subjects']} subjects, "
            f"ready once {db['pdf_subjects_ready_once']}, states {db['pdf_states']}",
        ),
        (
            f"one import of {args.import_rows} rows, done once",
            import_ok,
            f"runs {[(r['pk'], r['state'], r['created_count']) for r in runs]}, "
            f"people {db['imported_people']}, duplicates {db['imported_duplicates']}",
        ),
        (
            "every meeting logged stored once",
            meetings_ok,
            f"logged {db['meetings_logged_seen']}, stored {db['meetings_stored']}, refused "
            f"{db['meetings_refused_seen']}, unknown {db['meetings_unknown_seen']}",
        ),
    ]


def summary_table(stats: list[dict]) -> str:
    lines = ["| request | count | failures | median ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|---:|"]
    for row in sorted(stats, key=lambda r: (r["Name"] == "Aggregated", r["Type"], r["Name"])):
        name = "all requests" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | "
            f"{row['Max Response Time'].split('.')[0]} |"
        )
    return "\n".join(lines)


def say(text: str) -> None:
    print(f"[loadtest {time.strftime('%H:%M:%S')}] {text}", flush=True)


# --- Main ----------------------------------------------------------------------------------


def main() -> int:
    args = arguments()
    database, redis_url = service_urls()
    tag = time.strftime("%Y%m%d%H%M%S")
    run_dir = ROOT / "reports" / "loadtest" / f"{tag}-{args.fault}"
    run_dir.mkdir(parents=True, exist_ok=True)
    if not port_free(args.port):
        raise SystemExit(f"port {args.port} is taken: choose another with --port")
    create_database(database)
    env = portal_env(run_dir, database, redis_url)
    env["RUN_DIR"] = str(run_dir)
    setup_django(env)
    say(f"database {urlsplit(database).path[1:]}, Redis {redis_url}, files in {run_dir.relative_to(ROOT)}")
    prepare(args, env)

    from django_scopes import scopes_disabled

    from apps.demo.growth import grown_organizations
    from apps.organizations.models import Organization

    orgs = [grown.slug for grown in grown_organizations(args.organizations)]
    with scopes_disabled():
        importing_into = Organization.objects.get(slug=orgs[-1])
        (run_dir / "import.xlsx").write_bytes(import_file(importing_into, args.import_rows, tag))

    import redis

    redis.Redis.from_url(redis_url).flushdb()  # the test's own database: no job of an earlier run
    processes = Processes()
    sampler = Sampler()
    outage: dict = {}

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        processes.start("gunicorn", gunicorn_command(args), env, run_dir / "gunicorn.log")
        processes.start("worker", worker_command("loadtest"), env, run_dir / "worker.log")
        if not args.no_beat:
            processes.start("beat", beat_command(run_dir), env, run_dir / "beat.log")
        wait_healthy(args.port)
        from django.db import connections

        base = baseline()
        connections.close_all()
        load_before = os.getloadavg()
        sampler.start()
        events_path = run_dir / "events.jsonl"
        locust_env = {
            **os.environ,
            "LOADTEST_ORGS": ",".join(orgs),
            "LOADTEST_PASSWORD": args.password,
            "LOADTEST_IMPORT_FILE": str(run_dir / "import.xlsx"),
            "LOADTEST_IMPORT_ORG": importing_into.slug,
            "LOADTEST_IMPORT_AT": str(args.import_at),
            "LOADTEST_PDFS": str(args.pdfs),
            "LOADTEST_EVENTS": str(events_path),
        }
        users = 25 + 25 + 5 + 1 + 1
        command = [
            str(VENV_BIN / "locust"),
            "-f",
            "bench/locustfile.py",
            "--headless",
            "--users",
            str(users),
            # People sign in over a minute, not all in the same second; the figures start
            # once everyone is in (the sign-ins are measured by the secretary's 50).
            "--spawn-rate",
            "1",
            "--reset-stats",
            "--run-time",
            f"{args.run_time}s",
            "--stop-timeout",
            "10",
            "--host",
            f"http://127.0.0.1:{args.port}",
            "--csv",
            str(run_dir / "locust"),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        say(f"Locust: {users} users for {args.run_time} s on port {args.port}, fault: {args.fault}")
        started = time.time()
        locust = subprocess.Popen(
            command,
            cwd=ROOT,
            env=locust_env,
            stdout=(run_dir / "locust.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        if args.fault != "none":
            threading.Thread(
                target=inject_fault, args=(args, processes, env, run_dir, started, outage), daemon=True
            ).start()
        locust.wait()
        sampler.stopped.set()
        load_after = os.getloadavg()
        # A job cut off by the fault comes back after the broker's visibility timeout or the
        # sweeper's five minutes.
        limit = args.drain or (420 if args.fault == "worker" or args.fault_task else 180)
        say(f"Locust done ({locust.returncode}); waiting for the queue to drain (at most {limit} s)")
        drained = drain(base["at"], limit)
    except KeyboardInterrupt:
        say("interrupted: stopping what was started")
        return 130
    finally:
        sampler.stopped.set()
        processes.stop_all()

    events = read_events(events_path)
    stats = read_stats(run_dir / "locust_stats.csv")
    db = check_database(base, tag, events, args.import_rows)
    checks = verdict(args, db, stats, events, outage)
    samples = sampler.samples or [load_after[0]]
    report = [
        f"## Load test {tag} (fault: {args.fault})",
        "",
        f"{users} users for {args.run_time} s, gunicorn {args.workers} workers, one Celery worker "
        f"(concurrency 2); {len(orgs)} grown organisations of {args.people} participants; "
        f"queue drained {drained:.0f} s after the end.",
        f"Load average: {load_before[0]:.2f} before, {min(samples):.2f}–{max(samples):.2f} "
        f"(mean {sum(samples) / len(samples):.2f}) during, on {os.cpu_count()} cores.",
    ]
    if outage.get("start"):
        report.append(
            f"Outage: {outage['end'] - outage['start']:.1f} s from {outage['start'] - started:.0f} s "
            f"after the start{'; the worker was taking ' + outage['task'] if outage.get('task') else ''}."
        )
    report += ["", summary_table(stats), "", "| goal | met | figures |", "|---|---|---|"]
    report += [f"| {name} | {'yes' if ok else '**no**'} | {detail} |" for name, ok, detail in checks]
    failures = [e for e in events if e["type"] == "failure"]
    if failures:
        report += ["", "Failed requests (first 20):", ""]
        report += [
            f"- +{e['t'] - started:.1f} s {e['method']} {e['name']}: {e.get('status')} {e['error']}"
            for e in failures[:20]
        ]
    text = "\n".join(report) + "\n"
    (run_dir / "summary.md").write_text(text, encoding="utf-8")
    (run_dir / "database.json").write_text(json.dumps(db, default=str, indent=1), encoding="utf-8")
    print(text)
    return 0 if all(ok for _name, ok, _detail in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
