"""One submission per form: what a creating form creates, it creates once.

A double click, a request resent by an impatient browser, the back button and «Send again»:
each posts the same form twice, and each POST would log another meeting or write another
order draft (five at once made five). So every form that creates carries a one-time token,
`{% form_token %}` beside `{% csrf_token %}` (templatetags/idempotency.py), and its view is
wrapped in `@idempotent`, which uses the token up in the same transaction as what the view
creates:

- the first POST inserts the token's row (`FormSubmission`, unique key); a second POST with
  the same token waits on that unique key until the first commits, then finds the row and is
  sent where the first was sent (the created order, the pair's page), with a message that
  sending again changed nothing. Never a second row;
- if the first request fails (an exception rolls its transaction back) the token goes with it,
  and the next POST with it does the work;
- a form shown again with its errors (no redirect) does not use its token up; a view whose
  success is a page, not a redirect, says so with `mark_handled(request)`.

The key is a hash of the person, the form's address and the token: a token is nobody else's
and is no secret (a form answers to its CSRF token and its permission, as before). A POST
without a token is handled as before, without this guard: every form the portal renders
carries one. Used tokens are forgotten after TOKEN_LIFETIME, cleared as new ones come.
"""

import hashlib
import re
import secrets
from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "form_token"
TOKEN_LIFETIME = timedelta(days=7)
TOKEN_FORMAT = re.compile(r"[A-Za-z0-9_-]{16,64}")
REDIRECTS = {301, 302, 303, 307, 308}
FORGET_AT_ONCE = 500  # used tokens cleared by one POST at most
HANDLED = "_form_token_handled"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def idempotent(view):
    """Handle a POST carrying a form token once; a repeat goes where the first one went."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not TOKEN_FORMAT.fullmatch(token):
            return view(request, *args, **kwargs)
        key = _key(request, token)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    submission = FormSubmission.objects.create(key=key)
            except IntegrityError:  # the same form, already handled: its row is committed
                return _repeated(request, key)
            response = view(request, *args, **kwargs)
            if response.status_code in REDIRECTS or getattr(request, HANDLED, False):
                location = (
                    response["Location"] if response.status_code in REDIRECTS else request.get_full_path()
                )
                submission.result_url = location[:2000]
                submission.save(update_fields=["result_url"])
            else:  # the form is shown again with its errors: the token stays usable
                submission.delete()
            _forget_old()
        return response

    wrapper.idempotent = True
    return wrapper


def mark_handled(request) -> None:
    """For a view whose success shows a page rather than redirecting (survey links, shown once):
    the token is used up all the same, and a repeat goes back to the form's page."""
    setattr(request, HANDLED, True)


def _key(request, token: str) -> str:
    person = request.user.pk if request.user.is_authenticated else ""
    return hashlib.sha256(f"{person}\n{request.path}\n{token}".encode()).hexdigest()


def _repeated(request, key: str):
    submission = FormSubmission.objects.filter(key=key).first()
    messages.info(request, _("This form was already sent: sending it again changed nothing."))
    target = submission.result_url if submission else ""
    if not target:
        referer = request.headers.get("Referer", "")
        safe = url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        target = referer if safe else "/"
    return redirect(target)


def _forget_old() -> None:
    """Clear used tokens past their lifetime; rows another request is clearing are skipped."""
    old = FormSubmission.objects.filter(created_at__lt=timezone.now() - TOKEN_LIFETIME)
    expired = list(old.select_for_update(skip_locked=True).values_list("pk", flat=True)[:FORGET_AT_ONCE])
    if expired:
        FormSubmission.objects.filter(pk__in=expired).delete()
