"""Requesting and retrying documents. A worker renders them (tasks.py, rendering.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Document
from .renderers import KINDS
from .rendering import PENDING, documents_to_send_again
from .tasks import send_render

# Kept in the document's row for the operators; the person sees the page's own message.
FILE_MISSING = "the file is missing from storage"


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
    (a double click queues one job), its job sent again if the broker refused it or lost it."""
    if kind not in KINDS:
        raise ValueError(f"Unknown document kind {kind!r}")
    subject_type = ContentType.objects.get_for_model(subject)
    pending = Document.objects.filter(
        subject_type=subject_type, subject_id=subject.pk, kind=kind, state__in=PENDING
    ).first()
    if pending is not None:
        _send_again(pending)
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
            send_render(document)
    except IntegrityError:  # the same request won the race
        return Document.objects.get(
            subject_type=subject_type, subject_id=subject.pk, kind=kind, state__in=PENDING
        )
    return document


def document_retry(*, document: Document) -> Document:
    """A failed render goes back to the queue; a job the broker refused is sent again."""
    with transaction.atomic():
        updated = Document.objects.filter(pk=document.pk, state=Document.State.FAILED).update(
            state=Document.State.QUEUED, error="", queued_at=timezone.now(), send_failed=False
        )
        if updated:
            send_render(document)
    _send_again(document)
    return document


def document_file_lost(*, document: Document) -> None:
    """A ready document whose file the storage no longer has (restored without its media,
    removed by hand) becomes failed: its page then offers «Try again» instead of a download
    that cannot work."""
    Document.objects.filter(pk=document.pk, state=Document.State.READY).update(
        state=Document.State.FAILED, error=FILE_MISSING
    )


def _send_again(document: Document) -> None:
    with transaction.atomic():
        for due in documents_to_send_again(Document.objects.filter(pk=document.pk)):
            send_render(due)
    document.refresh_from_db()
