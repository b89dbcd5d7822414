"""A broker that is really down, for the tests of what the portal does then: the Celery app
sends to a closed port of this machine with eager running off, so every send fails as it
does while Redis is stopped (kombu's OperationalError, after its own short retries)."""

import os
import socket
from contextlib import contextmanager

from mentoring_portal.celery import app as celery_app


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def unreachable_broker():
    # Celery reads CELERY_BROKER_URL from the environment before its configuration.
    saved_url = os.environ.get("CELERY_BROKER_URL")
    saved_eager = celery_app.conf.task_always_eager
    os.environ["CELERY_BROKER_URL"] = f"redis://127.0.0.1:{_closed_port()}/0"
    celery_app.conf.task_always_eager = False
    _drop_connections()  # the next send connects to the closed port
    try:
        yield
    finally:
        if saved_url is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_url
        celery_app.conf.task_always_eager = saved_eager
        _drop_connections()


def _drop_connections():
    """Celery keeps its connection pool and producer pool (eager sends take a producer too):
    forget both, as Celery does after a fork, so the next send takes them for the URL now set."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
