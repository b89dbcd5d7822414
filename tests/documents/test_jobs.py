"""A PDF asked for while the broker is down: the person is told, the row stays in the queue,
a new request or «Повторить» sends it again, and the periodic sweeper re-sends what has been
waiting for minutes. Every re-sent job renders once: the render locks its row and does
nothing once the document is no longer queued."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.documents.models import Document
from apps.documents.rendering import document_render
from apps.documents.services import document_request
from apps.documents.tasks import resend_stuck_documents
from apps.roadmap.services import roadmap_create
from apps.roadmap.template_library import get_template
from mentoring_portal.celery import app as celery_app

from ..broker import unreachable_broker

NOT_QUEUED = "не удалось поставить в очередь"


def _roadmap(tenant):
    return roadmap_create(
        owner=tenant.organization, year=2026, data=get_template("gloria"), source="template"
    )


def _url(name, tenant, **kwargs):
    return reverse(name, kwargs={"org_slug": tenant.organization.slug, **kwargs})


def test_a_pdf_asked_for_while_the_broker_is_down(client, tenant_a, django_capture_on_commit_callbacks):
    roadmap = _roadmap(tenant_a)
    client.force_login(tenant_a.curator)
    pdf_url = _url("roadmap:pdf", tenant_a, roadmap_id=roadmap.pk)
    with unreachable_broker(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(pdf_url)
    assert response.status_code == 302  # the request itself succeeded
    document = Document.objects.get(subject_id=roadmap.pk, kind="roadmap")
    assert document.state == Document.State.QUEUED and document.send_failed

    # The person sees that the job could not be queued, and can send it again.
    page = client.get(_url("roadmap:detail", tenant_a, roadmap_id=roadmap.pk)).content.decode()
    assert NOT_QUEUED in page and 'data-testid="document-retry"' in page
    status = client.get(_url("documents:status", tenant_a, document_id=document.pk)).content.decode()
    assert NOT_QUEUED in status

    # The broker is back: asking again sends the job of the same row (rendered in-process here).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pdf_url)
    document.refresh_from_db()
    assert document.state == Document.State.READY and not document.send_failed, document.error
    assert Document.objects.filter(subject_id=roadmap.pk, kind="roadmap").count() == 1


def test_retry_sends_a_document_that_could_not_be_queued(
    client, tenant_a, django_capture_on_commit_callbacks
):
    roadmap = _roadmap(tenant_a)
    with unreachable_broker(), django_capture_on_commit_callbacks(execute=True):
        document = document_request(subject=roadmap, kind="roadmap", actor=tenant_a.curator)
    document.refresh_from_db()
    assert document.send_failed
    client.force_login(tenant_a.curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url("documents:retry", tenant_a, document_id=document.pk), HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    document.refresh_from_db()
    assert document.state == Document.State.READY and document.attempts == 1


def test_a_request_for_a_document_waiting_normally_sends_nothing_more(
    tenant_a, django_capture_on_commit_callbacks
):
    roadmap = _roadmap(tenant_a)
    with django_capture_on_commit_callbacks() as sent:
        first = document_request(subject=roadmap, kind="roadmap", actor=tenant_a.curator)
    with django_capture_on_commit_callbacks() as sent_again:
        second = document_request(subject=roadmap, kind="roadmap", actor=tenant_a.curator)
    assert second.pk == first.pk
    assert len(sent) == 1 and sent_again == []  # a double click queues one job


def test_the_sweeper_resends_documents_stuck_in_the_queue_once(tenant_a, django_capture_on_commit_callbacks):
    roadmap = _roadmap(tenant_a)
    with django_capture_on_commit_callbacks():  # its message is lost: never sent
        stuck = document_request(subject=roadmap, kind="roadmap", actor=tenant_a.curator)
    Document.objects.filter(pk=stuck.pk).update(queued_at=timezone.now() - timedelta(minutes=10))
    other_roadmap = roadmap_create(
        owner=tenant_a.organization.municipality,
        year=2026,
        data=get_template("kalachinsk"),
        source="template",
    )
    with django_capture_on_commit_callbacks():  # its message is still on its way
        waiting = document_request(subject=other_roadmap, kind="roadmap", actor=None)

    with django_capture_on_commit_callbacks(execute=True) as sent:
        resend_stuck_documents.delay()
    stuck.refresh_from_db()
    waiting.refresh_from_db()
    assert stuck.state == Document.State.READY and stuck.attempts == 1, stuck.error
    assert waiting.state == Document.State.QUEUED  # minutes have not passed: not sent again
    assert len(sent) == 2  # the sweeper itself, and one render

    # The lost message turns up after all, and the sweeper runs again: nothing happens twice.
    document_render(stuck.pk)
    with django_capture_on_commit_callbacks(execute=True) as sent:
        resend_stuck_documents.delay()
    stuck.refresh_from_db()
    assert stuck.attempts == 1 and len(sent) == 1


def test_the_sweeper_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["resend-stuck-documents"]
    assert entry["task"] == resend_stuck_documents.name and entry["task"] in celery_app.tasks
    assert entry["schedule"] <= 5 * 60


def test_a_ready_document_whose_file_is_gone_can_be_generated_again(
    client, tenant_a, django_capture_on_commit_callbacks
):
    """Storage restored without its media: the download says so (not a server error), the
    document turns failed, and «Повторить» generates the file again."""
    roadmap = _roadmap(tenant_a)
    with django_capture_on_commit_callbacks(execute=True):
        document = document_request(subject=roadmap, kind="roadmap", actor=tenant_a.curator)
    document.refresh_from_db()
    assert document.state == Document.State.READY
    document.file.storage.delete(document.file.name)

    client.force_login(tenant_a.curator)
    download = client.get(_url("documents:download", tenant_a, document_id=document.pk))
    assert download.status_code == 404
    assert "больше нет на сервере" in download.content.decode()
    document.refresh_from_db()
    assert document.state == Document.State.FAILED
    assert not AuditEntry.objects.filter(action="document.downloaded", target_id=document.pk).exists()
    status = client.get(_url("documents:status", tenant_a, document_id=document.pk)).content.decode()
    assert 'data-testid="document-retry"' in status

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("documents:retry", tenant_a, document_id=document.pk))
    download = client.get(_url("documents:download", tenant_a, document_id=document.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
