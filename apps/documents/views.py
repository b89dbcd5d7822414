"""A document's state (polled by htmx while it renders), its download and its retry."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apps.organizations.scoping import request_has_permission
from apps.organizations.views_base import tenant_view

from .models import Document
from .renderers import KINDS
from .services import document_retry


def _document(request, document_id: int) -> Document:
    """The tenant's document, if the person may read its kind (same 404 for 'not yours')."""
    document = get_object_or_404(Document, pk=document_id)
    kind = KINDS.get(document.kind)
    if kind is None:
        raise Http404
    if not request_has_permission(request, kind.permission):
        raise PermissionDenied
    return document


@tenant_view(permission="documents.view")
def document_status(request, document_id, **tenant):
    return render(request, "documents/_status.html", {"document": _document(request, document_id)})


@tenant_view(permission="documents.view")
def document_download(request, document_id, **tenant):
    document = _document(request, document_id)
    if document.state != Document.State.READY:
        raise Http404
    document.log("document.downloaded", actor=request.user, data={"kind": document.kind})
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


@require_POST
@tenant_view(permission="documents.view")
def document_retry_view(request, document_id, **tenant):
    document = document_retry(document=_document(request, document_id))
    if request.htmx:
        return render(request, "documents/_status.html", {"document": document})
    return redirect(document.subject.get_absolute_url())
