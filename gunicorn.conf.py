"""gunicorn's settings for the portal: gunicorn reads ./gunicorn.conf.py from the folder it
starts in (/app in the image), so `gunicorn mentoring_portal.wsgi:application` is enough.
Options given on the command line win over these.
https://gunicorn.org/reference/settings/
"""

import gc

from apps.core.redaction import install as install_log_redaction

bind = "0.0.0.0:8000"
workers = 3
accesslog = "-"  # the access log on stdout, with tokens redacted (below)

# Requests are bounded here as far as gunicorn can: the request line (the longest URL of the
# portal is far shorter), the number of header fields and the size of each. gunicorn has no
# limit on the body: Django refuses a body larger than MAX_REQUEST_BODY_SIZE from its
# Content-Length before reading it (apps.core.middleware.RequestBodyLimitMiddleware), and the
# HTTPS proxy in front is the place to cut it off first (nginx: client_max_body_size 12m;
# README.md).
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190


def on_starting(server):
    """In the master, before any worker forks: the access log (request line, path, Referer)
    never shows a survey, password-reset or invitation token (apps/core/redaction.py). The
    Django app installs the same filter again when it loads in a worker; it is added once."""
    install_log_redaction()


def post_worker_init(worker):
    """Once Django is loaded in a worker, its modules, templates and URL patterns live as long
    as the process: gc.freeze() moves them out of the cyclic collector's reach, so a full
    collection during a request scans that request's objects only, not the whole framework
    (the long tail of page times was those collections: docs/PERFORMANCE.md). The URL patterns
    are loaded first, and with them every view module, which Django would import lazily at the
    first request."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imported for its side effect
    gc.freeze()
