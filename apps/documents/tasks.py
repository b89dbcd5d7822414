"""The Celery tasks of documents: the render, and the sweeper that re-sends render jobs lost
on their way. Thin: the work is in rendering.py."""

from celery import shared_task
from django.db import transaction
from django_scopes import scopes_disabled

from apps.core.tasks import OnCommitTask, TenantTask

from .rendering import document_not_sent, document_render, documents_to_send_again

# Bounded: a render that runs away is stopped (soft limit first, so the state is recorded).
RENDER_SOFT_LIMIT = 120
RENDER_HARD_LIMIT = 150


class RenderTask(TenantTask):
    def not_sent(self, args, kwargs):
        document_not_sent(args[0])


@shared_task(
    base=RenderTask,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=RENDER_SOFT_LIMIT,
    time_limit=RENDER_HARD_LIMIT,
)
def render_document(document_id: int, *, owner) -> None:
    """Sent with owner=<the document's organisation or municipality>: the render runs in
    that tenant's scope, as its pages do."""
    document_render(document_id)


def send_render(document) -> None:
    """Send the render job of a queued document (after the commit: the worker finds the row)."""
    render_document.delay(document.pk, owner=document.owner)


@shared_task(base=OnCommitTask)
def resend_stuck_documents() -> int:
    """Every few minutes (beat): render jobs the broker refused or lost are sent again.
    Idempotent: a document is sent again only once it has waited minutes, and renders once."""
    with scopes_disabled(), transaction.atomic():
        due = documents_to_send_again()
        for document in due:
            send_render(document)
    return len(due)
