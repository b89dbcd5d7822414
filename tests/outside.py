"""Run a management command as a shell script would: another process, the test database."""

import json
import os
import select
import subprocess
import sys
import time
from contextlib import contextmanager

from django.conf import settings


def _environment() -> dict:
    database = settings.DATABASES["default"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentoring_portal.settings.test",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }


def run_manage(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    """Needs a transactional test: the other process sees only committed rows."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=_environment(),
    )


# The other process of `outside_manage`: it reads one command line (JSON) at a time, runs the
# project's `manage.py` with it (file descriptors 1 and 2 sent to files, so that logging and C libraries are
# captured too; SystemExit is the exit code; an uncaught error prints its traceback, code 1),
# closes the database connections as an exiting process would, and answers on its own copy of
# the original stdout.
_DRIVER = r"""
import json, os, runpy, sys, tempfile, traceback
answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)  # nothing but the answers reaches the answers' pipe
for line in sys.stdin:
    argv = json.loads(line)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush(); sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        os.dup2(out.fileno(), 1); os.dup2(err.fileno(), 2)
        try:
            sys.argv = ["manage.py", *argv]
            runpy.run_path("manage.py", run_name="__main__")
            code = 0
        except SystemExit as exit:
            if exit.code is None or isinstance(exit.code, int):
                code = exit.code or 0
            else:
                print(exit.code, file=sys.stderr)
                code = 1
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush(); sys.stderr.flush()
            os.dup2(saved[0], 1); os.dup2(saved[1], 2)
            os.close(saved[0]); os.close(saved[1])
            if "django.db" in sys.modules:
                sys.modules["django.db"].connections.close_all()
        out.seek(0); err.seek(0)
        answer = {"code": code, "out": out.read().decode("utf-8", "replace"),
                  "err": err.read().decode("utf-8", "replace")}
    answers.write(json.dumps(answer) + "\n"); answers.flush()
"""


class _Manage:
    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.buffer = b""

    def __call__(self, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        self.process.stdin.write(json.dumps(list(args)).encode() + b"\n")
        self.process.stdin.flush()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.process.stdout], [], [], max(left, 0))
            if not ready:
                raise subprocess.TimeoutExpired(["manage.py", *args], timeout)
            chunk = os.read(self.process.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError(
                    f"manage.py {' '.join(args)}: the process died: {self.process.stderr.read()}"
                )
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        answer = json.loads(line)
        return subprocess.CompletedProcess(["manage.py", *args], answer["code"], answer["out"], answer["err"])


@contextmanager
def outside_manage(cwd=None, env=None, prelude=""):
    """One other process that runs several commands in turn, each as `run_manage` would (its own
    exit code, stdout and stderr, only committed rows seen, its connections closed after it):
    the contract tests of a command pay for Django's start once, not once per command.
    `cwd` and `env` default to the project and the test database, as for `run_manage`;
    `prelude` is Python source the process runs first, before Django is set up."""
    process = subprocess.Popen(
        [sys.executable, "-c", f"{prelude}\n{_DRIVER}"],
        cwd=cwd or settings.BASE_DIR,
        env=_environment() if env is None else env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        yield _Manage(process)
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
