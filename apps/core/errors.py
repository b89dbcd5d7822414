"""The portal's own 404 handler: Django's, plus what the page needs to say why."""

from django.http import HttpResponseNotFound
from django.template import loader

from .downloads import StoredFileMissing


def page_not_found(request, exception):
    context = {"file_missing": isinstance(exception, StoredFileMissing)}
    return HttpResponseNotFound(loader.render_to_string("404.html", context, request))
