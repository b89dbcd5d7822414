"""The Celery task that renders a document. Thin: the work is rendering.document_render."""

from celery import shared_task

from apps.core.tasks import TenantTask

from .rendering import document_render

# Bounded: a render that runs away is stopped (soft limit first, so the state is recorded).
RENDER_SOFT_LIMIT = 120
RENDER_HARD_LIMIT = 150


@shared_task(
    base=TenantTask,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=RENDER_SOFT_LIMIT,
    time_limit=RENDER_HARD_LIMIT,
)
def render_document(document_id: int, *, owner) -> None:
    """Sent with owner=<the document's organisation or municipality>: the render runs in
    that tenant's scope, as its pages do."""
    document_render(document_id)
