"""Rendering a document: the work of the render task (tasks.py), and the synchronous render
the export commands use."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .models import Document
from .pdf import render_pdf
from .renderers import KINDS

logger = logging.getLogger(__name__)
PENDING = [Document.State.QUEUED, Document.State.RENDERING]


def render_subject(subject, kind: str) -> tuple[bytes, str]:
    """Render synchronously: PDF bytes and a file name."""
    rendered = KINDS[kind].build(subject)
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
