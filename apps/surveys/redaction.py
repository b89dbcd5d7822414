"""Keep the tokens of personal survey links out of the logs.

A link is /s/<token>/: Django's request logger ("Not Found: /s/…"), the CSRF logger, the
development server and gunicorn's access log (the request line and the Referer) would all
write the path. This filter, attached to those loggers at start-up, replaces the token in
any logged text with a placeholder.
"""

import logging
import re

# /s/<token> anywhere in a logged text, except the token-free pages of the app (/s/done/).
TOKEN_IN_PATH = re.compile(r"(/s/)(?!done/)[^/\s\"'?#]+")
PLACEHOLDER = r"\1[token]"
LOGGERS = ("django.request", "django.security.csrf", "django.server", "gunicorn.access", "gunicorn.error")


def redact(value):
    if isinstance(value, str):
        return TOKEN_IN_PATH.sub(PLACEHOLDER, value)
    return value


class RedactSurveyTokens(logging.Filter):
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
        if not any(isinstance(f, RedactSurveyTokens) for f in logger.filters):
            logger.addFilter(RedactSurveyTokens())
