"""Rendering a document: the work of the render task (tasks.py), and the synchronous render
the export commands use."""

import hashlib
import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scopes_disabled

from .models import Document
from .pdf import render_pdf, render_pdf_parts
from .renderers import KINDS

logger = logging.getLogger(__name__)
PENDING = [Document.State.QUEUED, Document.State.RENDERING]
# A render job still queued this long after it was sent was lost on its way (the broker was
# down or dropped it) and is sent again; longer than a render may run (tasks.RENDER_HARD_LIMIT).
STUCK_AFTER = timedelta(minutes=5)
SEND_AGAIN_AT_ONCE = 500  # per sweep; the next sweep takes the rest


def render_subject(subject, kind: str) -> tuple[bytes, str]:
    """Render synchronously: PDF bytes (a zip of PDFs for a kind in parts) and a file name."""
    rendered = KINDS[kind].build(subject)
    if rendered.parts:
        return render_pdf_parts(rendered.template_name, rendered.context, rendered.parts), rendered.filename
    return render_pdf(rendered.template_name, rendered.context, archival=rendered.archival), rendered.filename


def document_render(document_id: int) -> None:
    """Render once, store the file with its checksum. Runs in the document owner's scope
    (the task's), so the subject is read as the owner's own pages read it.

    The row stays locked while rendering: a second delivery of the same job (a worker
    killed after the work, acks_late) waits, then finds it ready and does nothing."""
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.state not in PENDING:
            return
        document.state = Document.State.RENDERING
        document.attempts += 1
        try:
            pdf, filename = render_subject(document.subject, document.kind)
        except Exception as error:  # noqa: BLE001  (any failure is shown and can be retried)
            logger.exception("Document %s (%s) failed", document.pk, document.kind)
            document.state = Document.State.FAILED
            document.error = f"{type(error).__name__}: {error}"[:1000]
            document.finished_at = timezone.now()
            document.save()
            return
        document.file.save(filename, ContentFile(pdf), save=False)
        document.filename = filename
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.size = len(pdf)
        document.state = Document.State.READY
        document.error = ""
        document.finished_at = timezone.now()
        document.save()
        # Only the newest render of a subject is kept.
        older = Document.objects.filter(
            subject_type=document.subject_type,
            subject_id=document.subject_id,
            kind=document.kind,
            state__in=[Document.State.READY, Document.State.FAILED],
        ).exclude(pk=document.pk)
        for stale in older:
            stale.file.delete(save=False)
        older.delete()


def documents_to_send_again(documents=None) -> list[Document]:
    """Of `documents` (every one by default), the queued ones whose job the broker refused or
    that have waited STUCK_AFTER, marked as sent now. A render in progress holds its row: it
    is skipped, not waited for. Call inside a transaction, then send each job (after the
    commit, as every task is sent); a job sent twice renders once (document_render)."""
    queryset = Document.objects.all() if documents is None else documents
    due = list(
        queryset.select_for_update(skip_locked=True)
        .filter(state=Document.State.QUEUED)
        .filter(Q(send_failed=True) | Q(queued_at__lt=timezone.now() - STUCK_AFTER))
        .order_by("queued_at")[:SEND_AGAIN_AT_ONCE]
    )
    Document.objects.filter(pk__in=[document.pk for document in due]).update(
        queued_at=timezone.now(), send_failed=False
    )
    return due


def document_not_sent(document_id: int) -> None:
    """The broker refused the render job (it is down): the page says so and offers a retry,
    and the sweeper sends it again."""
    with scopes_disabled():
        Document.objects.filter(pk=document_id, state=Document.State.QUEUED).update(send_failed=True)
