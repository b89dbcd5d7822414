"""The Celery task that renders a document. Thin: the work is services.document_render."""

from celery import shared_task

from .services import document_render

# Bounded: a render that runs away is stopped (soft limit first, so the state is recorded).
RENDER_SOFT_LIMIT = 120
RENDER_HARD_LIMIT = 150


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=RENDER_SOFT_LIMIT,
    time_limit=RENDER_HARD_LIMIT,
)
def render_document(document_id: int) -> None:
    document_render(document_id)
