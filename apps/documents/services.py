"""Requesting, rendering and retrying documents. Rendering runs in a Celery worker (tasks.py)."""

import hashlib
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.scoping import owner_scope

from .models import Document
from .pdf import render_pdf
from .renderers import KINDS

logger = logging.getLogger(__name__)
PENDING = [Document.State.QUEUED, Document.State.RENDERING]


def _owner_fields(subject) -> dict:
    organization = getattr(subject, "organization", None)
    municipality = getattr(subject, "municipality", None) or organization.municipality
    return {"organization": organization, "municipality": municipality}


def latest_document(subject, kind: str) -> Document | None:
    return (
        Document.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk, kind=kind
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def document_request(*, subject, kind: str, actor) -> Document:
    """Queue a render of `subject`; while one is queued or running, that one is returned
    (a double click queues one job)."""
    if kind not in KINDS:
        raise ValueError(f"Unknown document kind {kind!r}")
    subject_type = ContentType.objects.get_for_model(subject)
    pending = Document.objects.filter(
        subject_type=subject_type, subject_id=subject.pk, kind=kind, state__in=PENDING
    ).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            document = Document.objects.create(
                **_owner_fields(subject),
                kind=kind,
                subject_type=subject_type,
                subject_id=subject.pk,
                requested_by=actor,
            )
            _enqueue(document)
    except IntegrityError:  # the same request won the race
        return Document.objects.get(
            subject_type=subject_type, subject_id=subject.pk, kind=kind, state__in=PENDING
        )
    return document


def document_retry(*, document: Document) -> Document:
    """A failed render goes back to the queue."""
    with transaction.atomic():
        updated = Document.objects.filter(pk=document.pk, state=Document.State.FAILED).update(
            state=Document.State.QUEUED, error=""
        )
        if updated:
            _enqueue(document)
    document.refresh_from_db()
    return document


def _enqueue(document: Document) -> None:
    from .tasks import render_document

    pk = document.pk
    transaction.on_commit(lambda: render_document.delay(pk))


def render_subject(subject, kind: str) -> tuple[bytes, str]:
    """Render synchronously (the export commands use this too): PDF bytes and a file name."""
    rendered = KINDS[kind].build(subject)
    return render_pdf(rendered.template_name, rendered.context, archival=rendered.archival), rendered.filename


def document_render(document_id: int) -> None:
    """The work of the task: render once, store the file with its checksum.

    The row stays locked while rendering: a second delivery of the same job (a worker
    killed after the work, acks_late) waits, then finds it ready and does nothing."""
    with scopes_disabled(), transaction.atomic():
        document = Document.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.state not in PENDING:
            return
        document.state = Document.State.RENDERING
        document.attempts += 1
        try:
            with owner_scope(document.organization or document.municipality):
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
