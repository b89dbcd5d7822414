"""Run a management command as a shell script would: another process, the test database."""

import atexit
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass

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
_DRIVER_LOOP = r"""
import json, os, runpy, sys, tempfile, traceback


def serve(requests, answers):
    for line in requests:
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

_DRIVER = (
    _DRIVER_LOOP
    + r"""
answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)  # nothing but the answers reaches the answers' pipe
serve(sys.stdin, answers)
"""
)


class _Manage:
    """Sends a command line with `send`, reads its answer from the file descriptor `answers`;
    `died()` says why the other process stopped answering."""

    def __init__(self, send, answers: int, died):
        self.send, self.answers, self.died = send, answers, died
        self.buffer = b""

    def __call__(self, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        self.send(json.dumps(list(args)).encode() + b"\n")
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.answers], [], [], max(left, 0))
            if not ready:
                raise subprocess.TimeoutExpired(["manage.py", *args], timeout)
            chunk = os.read(self.answers, 65536)
            if not chunk:
                raise RuntimeError(f"manage.py {' '.join(args)}: the process died: {self.died()}")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        answer = json.loads(line)
        return subprocess.CompletedProcess(["manage.py", *args], answer["code"], answer["out"], answer["err"])


# The process `outside_manage` forks for each test with the default project and database: it has
# set Django up and imported what every command imports (the system checks load every URL and
# view, WeasyPrint with them) and laid out one page (WeasyPrint's first layout loads the fonts),
# holding no database connection. A test's fork starts from that state, fresh: it has run no
# command, and runs its own as _DRIVER does; its own answers and requests go through a socket.
# Python's and Django's start and the first layout, paid by each such test before (about 2.5 s
# of CPU), are paid once per test session.
_FORK_SERVER = (
    _DRIVER_LOOP
    + r"""
import select, socket

import django

django.setup()
from django.db import connections
from django.urls import get_resolver
from weasyprint import HTML

get_resolver().url_patterns
HTML(string="<p>Ж</p>").write_pdf()
connections.close_all()

listener = socket.socket(socket.AF_UNIX)
listener.bind(sys.argv[1])
listener.listen()
print("ready", flush=True)
os.dup2(2, 1)  # nothing else reaches the pipe of the readiness line
forks = set()
while True:
    ready, _, _ = select.select([listener, 0], [], [])
    if 0 in ready:
        break  # the tests' process closed our stdin: the session is over
    connection, _ = listener.accept()
    pid = os.fork()
    if pid == 0:
        listener.close()
        try:
            serve(connection.makefile("r", encoding="utf-8"), connection.makefile("w", encoding="utf-8"))
        finally:
            os._exit(0)
    connection.close()
    forks = {fork for fork in forks | {pid} if os.waitpid(fork, os.WNOHANG) == (0, 0)}
for fork in forks:
    os.waitpid(fork, 0)
"""
)


@dataclass
class _ForkServer:
    process: subprocess.Popen
    path: str
    environment: dict
    errors: object  # its stderr, and its forks': a file, so that it never blocks

    def died(self) -> str:
        self.errors.seek(0)
        return self.errors.read().decode("utf-8", "replace")[-4000:]

    def stop(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.errors.close()
        shutil.rmtree(os.path.dirname(self.path), ignore_errors=True)


_fork_server: _ForkServer | None = None


def _started_fork_server(timeout: int = 120) -> _ForkServer:
    """The session's fork server, started on first use; started again if the environment a
    command would get has changed since (a test's settings or variables)."""
    global _fork_server
    # pytest names the running test in the environment: not a change that matters to a command.
    environment = {k: v for k, v in _environment().items() if k != "PYTEST_CURRENT_TEST"}
    if _fork_server is not None:
        if _fork_server.environment == environment and _fork_server.process.poll() is None:
            return _fork_server
        _fork_server.stop()
        _fork_server = None
    path = os.path.join(tempfile.mkdtemp(prefix="outside-manage-"), "socket")
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-c", _FORK_SERVER, path],
        cwd=settings.BASE_DIR,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=errors,
    )
    server = _ForkServer(process, path, environment, errors)
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready or process.stdout.readline() != b"ready\n":
        process.kill()
        process.wait()
        raise RuntimeError(f"The fork server of outside_manage did not start: {server.died()}")
    _fork_server = server
    return server


@atexit.register
def _stop_fork_server():
    if _fork_server is not None:
        _fork_server.stop()


@contextmanager
def _forked_manage():
    server = _started_fork_server()
    connection = socket.socket(socket.AF_UNIX)
    connection.connect(server.path)
    try:
        yield _Manage(connection.sendall, connection.fileno(), server.died)
    finally:
        # No more commands: the fork's loop ends and it exits, which closes its end.
        connection.shutdown(socket.SHUT_WR)
        connection.settimeout(30)
        try:
            while connection.recv(65536):
                pass
        except TimeoutError:
            pass
        connection.close()


@contextmanager
def outside_manage(cwd=None, env=None, prelude=""):
    """One other process that runs several commands in turn, each as `run_manage` would (its own
    exit code, stdout and stderr, only committed rows seen, its connections closed after it):
    the contract tests of a command pay for Django's start once, not once per command.
    `cwd` and `env` default to the project and the test database, as for `run_manage`;
    `prelude` is Python source the process runs first, before Django is set up.
    With neither, the process is a fork of one set up once for the session (_FORK_SERVER)."""
    if cwd is None and env is None and not prelude:
        with _forked_manage() as manage:
            yield manage
        return
    process = subprocess.Popen(
        [sys.executable, "-c", f"{prelude}\n{_DRIVER}"],
        cwd=cwd or settings.BASE_DIR,
        env=_environment() if env is None else env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        yield _Manage(_sender(process), process.stdout.fileno(), process.stderr.read)
    finally:
        process.stdin.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()


def _sender(process: subprocess.Popen):
    def send(line: bytes):
        process.stdin.write(line)
        process.stdin.flush()

    return send
