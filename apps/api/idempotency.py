"""`Idempotency-Key` on creating POSTs: a repeated key returns the first result.

The pages' rule (apps/core/idempotency.py) for API clients: the key's row is inserted in the
request's transaction, so a second request with the same key waits for the first to commit
and then gets its answer (status, body, Location) with `Idempotent-Replayed: true`; nothing is
created twice. A failed first request (an error answer, an exception) keeps nothing, and the
key may be used again. Keys are a client's own: hashed with the token and the address.
"""

import hashlib
import re
from datetime import timedelta
from functools import wraps

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
KEY_FORMAT = re.compile(r"[\x21-\x7e]{1,255}")
KEY_LIFETIME = timedelta(days=7)
FORGET_AT_ONCE = 500


def idempotent(handler):
    @wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        client_key = request.headers.get(HEADER)
        if client_key is None:
            return handler(view, request, *args, **kwargs)
        if not KEY_FORMAT.fullmatch(client_key):
            raise exceptions.ValidationError({HEADER: [_("Up to 255 printable ASCII characters.")]})
        key = hashlib.sha256(f"{request.auth.pk}\n{request.path}\n{client_key}".encode()).hexdigest()
        with transaction.atomic():
            try:
                with transaction.atomic():
                    row = IdempotentRequest.objects.create(key=key)
            except IntegrityError:  # the first request with this key has committed
                first = IdempotentRequest.objects.get(key=key)
                headers = {"Idempotent-Replayed": "true"}
                if first.location:
                    headers["Location"] = first.location
                return Response(first.body, status=first.status_code, headers=headers)
            response = handler(view, request, *args, **kwargs)
            if response.status_code < 400:
                row.status_code, row.body = response.status_code, response.data
                row.location = response.get("Location", "")[:2000]
                row.save(update_fields=["status_code", "body", "location"])
            else:
                row.delete()
            _forget_old()
        return response

    return wrapper


def _forget_old() -> None:
    old = IdempotentRequest.objects.filter(created_at__lt=timezone.now() - KEY_LIFETIME)
    expired = list(old.select_for_update(skip_locked=True).values_list("pk", flat=True)[:FORGET_AT_ONCE])
    if expired:
        IdempotentRequest.objects.filter(pk__in=expired).delete()
