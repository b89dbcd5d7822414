"""The bases of every Celery task of the portal.

`OnCommitTask`: `.delay()` and `.apply_async()` inside a transaction send the message only
after it commits (pretix's TransactionAwareTask), so a worker never finds a row that is not
there yet, and nothing leaves (an invitation, a rendered file) when the transaction rolls
back. Outside a transaction it sends at once.

`TenantTask`: an `OnCommitTask` that works on one tenant's data. The caller passes the
tenant as `owner=` (an organisation or a municipality); the message carries only its label
and id, and the task function runs inside that tenant's scope, as a request would, and
receives `owner`. Tasks take ids, never objects, so a queued message holds no personal data.

A broker that is down (kombu's OperationalError) does not fail the commit: the error is
logged and the task's `not_sent(args, kwargs)` is called, so a task whose job a row waits on
(a PDF, an import) marks the row; its sweeper and the pages' buttons send the job again.
Outside a transaction the caller gets the error too.
"""

from functools import partial

from celery import Task
from django.apps import apps
from django.db import transaction
from kombu.exceptions import OperationalError

from .scoping import owner_scope


class OnCommitTask(Task):
    def apply_async(self, args=None, kwargs=None, **options):
        send = partial(self._send, args, kwargs, **options)
        if transaction.get_connection().in_atomic_block:
            # Django's robust on_commit logs a failing callback by its __qualname__, which a
            # partial lacks: without one, the logging itself raised and the request failed.
            send.__qualname__ = f"{self.name}.apply_async"
            transaction.on_commit(send, robust=True)
            return None
        return send()

    def _send(self, args, kwargs, **options):
        try:
            return super().apply_async(args, kwargs, **options)
        except OperationalError:
            self.not_sent(args or (), kwargs or {})
            raise

    def not_sent(self, args, kwargs) -> None:
        """The broker refused the message: record it where the job's row can show it."""


class TenantTask(OnCommitTask):
    # The caller passes owner=<tenant>, the message carries owner=[label, id].
    typing = False

    def apply_async(self, args=None, kwargs=None, **options):
        kwargs = dict(kwargs or {})
        owner = kwargs.get("owner")
        if owner is not None and not isinstance(owner, (list, tuple)):
            kwargs["owner"] = [owner._meta.label_lower, owner.pk]
        return super().apply_async(args, kwargs, **options)

    def __call__(self, *args, owner, **kwargs):
        if isinstance(owner, (list, tuple)):
            label, pk = owner
            owner = apps.get_model(label).objects.get(pk=pk)
        with owner_scope(owner):
            return super().__call__(*args, owner=owner, **kwargs)
