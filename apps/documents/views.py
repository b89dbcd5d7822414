"""A document's state (polled by htmx while it renders), its download and its retry."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.core.downloads import StoredFileMissing, stored_file_response
from apps.core.errors import file_missing_page
from apps.organizations.scoping import request_has_permission
from apps.organizations.views_base import tenant_view

from .models import Document
from .renderers import KINDS
from .services import document_file_lost, document_retry


def _document(request, document_id: int) -> Document:
    """The tenant's own document, of a kind the person may read. Anything else is the 404 of
    a document that does not exist, so ids cannot be probed: a committee's scope also sees its
    organisations' rows, but its pages open only what the municipality itself owns."""
    documents = Document.objects.all()
    if request.organization is None:
        documents = documents.filter(organization=None, municipality=request.municipality)
    document = get_object_or_404(documents, pk=document_id)
    kind = KINDS.get(document.kind)
    if kind is None or not request_has_permission(request, kind.permission):
        raise Http404
    return document


@tenant_view(permission="documents.view")
def document_status(request, document_id, **tenant):
    return render(request, "documents/_status.html", {"document": _document(request, document_id)})


@tenant_view(permission="documents.view")
def document_download(request, document_id, **tenant):
    return document_file_response(request, _document(request, document_id))


def document_file_response(request, document: Document | None) -> HttpResponse:
    """A ready document's file, its download audited; a page that lets a person read one of
    their own documents (a mentor's agreement) checks the person, then calls this."""
    if document is None or document.state != Document.State.READY:
        raise Http404
    response = document_file(document, actor=request.user)
    # Answered, not raised: a raised 404 would roll back the document's turn to failed.
    return response or file_missing_page(request)


def document_file(document: Document, *, actor) -> FileResponse | None:
    """The ready document's file as a download, audited; None when the storage has lost it:
    the document is then failed, and a new request or «Try again» renders it anew."""
    try:
        response = stored_file_response(document.file, filename=document.filename)
    except StoredFileMissing:
        document_file_lost(document=document)
        return None
    document.log("document.downloaded", actor=actor, data={"kind": document.kind})
    return response


@require_POST
@tenant_view(permission="documents.view")
def document_retry_view(request, document_id, **tenant):
    document = document_retry(document=_document(request, document_id))
    if request.htmx:
        return render(request, "documents/_status.html", {"document": document})
    return redirect(document.subject.get_absolute_url())
