"""One migration per test run, not one per pytest-xdist worker.

Migrating an empty database costs seconds of CPU, and the workers did it side by side on a
machine of two cores. Here the first worker migrates a template database under a file lock;
every worker then gets its own copy (PostgreSQL's `CREATE DATABASE … TEMPLATE`, a file copy)
and Django's setup finds it migrated already. The template belongs to the run (xdist's
`testrunuid`) and the controller drops it at the end. Without xdist nothing changes.
"""

import fcntl
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.db import connection


def template_name(run_id: str) -> str:
    # From the configured name, before Django's setup points the connection at the test database.
    return f"test_{connection.settings_dict['NAME']}_template_{run_id[:12]}"


def _exists(cursor, name: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _migrate_into(name: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    original = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = name
    try:
        # As Django's create_test_db migrates a new test database.
        call_command("migrate", verbosity=0, interactive=False, run_syncdb=True)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = original


def clone_for_worker(run_id: str, worker_name: str) -> None:
    """The worker's test database `worker_name`, copied from the run's migrated template."""
    template = template_name(run_id)
    lock = Path(tempfile.gettempdir()) / f"mentoring-portal-{template}.lock"
    with lock.open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # the others wait while the first one migrates
        with connection._nodb_cursor() as cursor:
            missing = not _exists(cursor, template)
        if missing:
            _migrate_into(template)
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{worker_name}"')
            cursor.execute(f'CREATE DATABASE "{worker_name}" TEMPLATE "{template}"')


def drop_template(run_id: str) -> None:
    template = template_name(run_id)
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')
    (Path(tempfile.gettempdir()) / f"mentoring-portal-{template}.lock").unlink(missing_ok=True)


def end_other_sessions() -> None:
    """Before the test database is dropped: a thread's connection left open (a live server's,
    an in-process worker's) made DROP DATABASE wait 5 s and fail, leaving it behind."""
    name = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
