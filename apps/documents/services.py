"""Requesting and retrying documents. A worker renders them (tasks.py, rendering.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from .models import Document
from .renderers import KINDS
from .rendering import PENDING
from .tasks import render_document


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
    # Sent when the transaction commits (TenantTask): the worker finds the row.
    render_document.delay(document.pk, owner=document.owner)
