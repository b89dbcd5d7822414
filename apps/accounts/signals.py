"""Every sign-in event goes to the log: who (id and username), from where, and the outcome.

django-axes keeps the same events in the database (AccessLog, AccessFailureLog),
where superusers see them in the admin.
"""

import logging

from axes.helpers import get_client_ip_address
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("apps.accounts.auth")


def _client_ip(request):
    # The same address django-axes locks by (it knows about trusted proxies).
    return (get_client_ip_address(request) or "-") if request is not None else "-"


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    logger.info("sign-in ok user_id=%s username=%s ip=%s", user.pk, user.username, _client_ip(request))


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs):
    user_id = getattr(user, "pk", None)
    logger.info("sign-out user_id=%s ip=%s", user_id, _client_ip(request))


@receiver(user_login_failed)
def log_sign_in_failure(sender, credentials, request=None, **kwargs):
    # The password never reaches the log; Django already masks it in `credentials`.
    logger.warning("sign-in failed username=%s ip=%s", credentials.get("username", "-"), _client_ip(request))
