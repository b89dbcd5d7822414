"""Keep the secrets that travel in URLs out of the logs.

Two kinds of link carry a secret in their path:
- a personal survey link, /s/<token>/;
- a password-reset link, /accounts/reset/<uidb64>/<token>/, which is also the invitation
  a new colleague gets (valid PASSWORD_RESET_TIMEOUT, three days). Django's own next step,
  /accounts/reset/<uidb64>/set-password/, carries no secret and stays readable.

Django's request logger ("Not Found: /s/…"), the CSRF logger, the development server and
gunicorn's access log (the request line, the path, the Referer) would all write them. The
filter below, attached to those loggers at start-up (CoreConfig.ready for Django and
runserver, gunicorn.conf.py for gunicorn's master), replaces each secret with a placeholder
in any logged text. Every token-bearing path is listed here, in one place.
"""

import logging
import re

PLACEHOLDER = "[token]"
SEGMENT = r"[^/\s\"'?#]+"
# (what stays, the secret that follows it), for every path that carries a secret.
TOKEN_PATHS = (
    # Survey links, except the token-free page of that app (/s/done/).
    re.compile(rf"(/s/)(?!done/){SEGMENT}"),
    # Password reset and invitations: the user's id stays, the token goes.
    re.compile(rf"(/accounts/reset/{SEGMENT}/)(?!set-password/){SEGMENT}"),
)
LOGGERS = ("django.request", "django.security.csrf", "django.server", "gunicorn.access", "gunicorn.error")


def redact(value):
    if isinstance(value, str):
        for pattern in TOKEN_PATHS:
            value = pattern.sub(rf"\g<1>{PLACEHOLDER}", value)
    return value


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.msg)
        if isinstance(record.args, dict):
            # In place: gunicorn's atoms are a dict subclass that answers missing keys.
            for key, value in list(record.args.items()):
                record.args[key] = redact(value)
        elif isinstance(record.args, tuple):
            record.args = tuple(redact(value) for value in record.args)
        return True


def install() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
