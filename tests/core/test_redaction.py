"""Password-reset and invitation links (/accounts/reset/<uid>/<token>/, valid three days) and
survey links (/s/<token>/) never reach a log: Django's request log, the development server's
and gunicorn's access log. (tests/surveys/test_public_answer.py covers the survey pages.)"""

import logging
import runpy
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.servers.basehttp import WSGIRequestHandler
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from gunicorn.config import Config
from gunicorn.glogging import Logger as GunicornLogger

from apps.core.redaction import RedactTokens
from tests.factories import UserFactory


@pytest.fixture
def reset_link(db):
    """An invitation as a new colleague gets it: Django's password-reset link."""
    user = UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return SimpleNamespace(uid=uid, token=token, path=reverse("password_reset_confirm", args=[uid, token]))


class Remember(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def server_log():
    """What runserver's logger ("django.server", which does not propagate) writes."""
    handler = Remember()
    logger = logging.getLogger("django.server")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def _runserver_logs(path, status):
    """runserver's own access line for a request, written by its request handler."""
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.request = None
    handler.requestline = f"GET {path} HTTP/1.1"
    handler.log_date_time_string = lambda: "01/Sep/2026 07:00:00"
    handler.log_request(status, 0)


def test_an_invitation_link_stays_out_of_the_django_and_runserver_logs(
    client, caplog, server_log, reset_link
):
    caplog.set_level(logging.INFO)
    response = client.get(reset_link.path)
    assert response.status_code == 302  # on to the form, the token kept in the session
    _runserver_logs(reset_link.path, 302)
    _runserver_logs(response.url, 200)
    # A mistyped link (Django's request logger reports the 404 with its path).
    client.get(f"{reset_link.path}x/")

    logged = caplog.text + "\n".join(server_log)
    assert f"/accounts/reset/{reset_link.uid}/[token]/" in "\n".join(server_log)
    assert f"Not Found: /accounts/reset/{reset_link.uid}/[token]/x/" in caplog.text
    # Django's next step names no secret and stays readable.
    assert f"/accounts/reset/{reset_link.uid}/set-password/" in "\n".join(server_log)
    assert reset_link.token not in logged
    for part in reset_link.token.split("-"):
        assert part not in logged


def test_the_token_free_pages_keep_their_paths():
    for text in (
        "GET /accounts/reset/done/ HTTP/1.1",
        "GET /s/done/ HTTP/1.1",
        "GET /accounts/login/ HTTP/1.1",
    ):
        record = logging.LogRecord("django.server", logging.INFO, __file__, 1, "%s", (text,), None)
        RedactTokens().filter(record)
        assert record.getMessage() == text


def _gunicorn_config(**overrides) -> Config:
    """The gunicorn configuration the image runs: ./gunicorn.conf.py."""
    config = Config()
    for name, value in runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    for name, value in overrides.items():
        config.set(name, value)
    return config


def test_gunicorn_access_log_redacts_the_request_line_path_and_referer(tmp_path, reset_link):
    access_log = tmp_path / "access.log"
    config = _gunicorn_config(
        accesslog=str(access_log),
        # gunicorn's default format, and the path and Referer on their own.
        access_log_format='%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(U)s %({referer}i)s',
    )
    # The hook of gunicorn.conf.py installs the filter in gunicorn's master: start without it.
    access_logger = logging.getLogger("gunicorn.access")
    for existing in [f for f in access_logger.filters if isinstance(f, RedactTokens)]:
        access_logger.removeFilter(existing)
    config.on_starting(None)

    referer = "https://portal.example.org/s/abc:def:ghi/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": reset_link.path,
        "PATH_INFO": reset_link.path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "test",
    }
    request = SimpleNamespace(headers=[("REFERER", referer)])
    response = SimpleNamespace(status="302 Found", sent=0, headers=[])
    logger = GunicornLogger(config)
    try:
        logger.access(response, request, environ, timedelta(milliseconds=12))
    finally:
        for handler in list(access_logger.handlers):
            if getattr(handler, "_gunicorn", False):
                access_logger.removeHandler(handler)
                handler.close()

    line = access_log.read_text()
    assert f'"GET /accounts/reset/{reset_link.uid}/[token]/ HTTP/1.1" 302' in line
    assert line.count(f"/accounts/reset/{reset_link.uid}/[token]/") == 2  # request line and path
    assert line.count("/s/[token]/") == 2  # the Referer, twice
    assert reset_link.token not in line and "abc:def:ghi" not in line


def test_gunicorn_bounds_the_request_line_and_headers():
    """gunicorn has no limit on the body (Django's RequestBodyLimitMiddleware and the proxy
    have one); it bounds the request line and the header fields."""
    config = _gunicorn_config()
    assert config.limit_request_line == 4094
    assert config.limit_request_fields == 50
    assert config.limit_request_field_size == 8190
    assert config.accesslog == "-"
