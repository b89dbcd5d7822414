"""The portal's own 404 handler: Django's, plus what the page needs to say why."""

from django.http import HttpResponseNotFound
from django.template import loader

from .downloads import StoredFileMissing


def page_not_found(request, exception):
    return _not_found(request, file_missing=isinstance(exception, StoredFileMissing))


def file_missing_page(request):
    """The 404 of a lost file, answered rather than raised (a view that keeps its transaction)."""
    return _not_found(request, file_missing=True)


def _not_found(request, *, file_missing: bool):
    context = {"file_missing": file_missing}
    return HttpResponseNotFound(loader.render_to_string("404.html", context, request))
