"""Middleware of the kernel."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

MB = 1024 * 1024


class RequestBodyLimitMiddleware:
    """Refuses a request whose body is larger than MAX_REQUEST_BODY_SIZE with 413, from its
    Content-Length, before anything reads the body (CSRF reads a POST's form): a 150 MB upload
    is never received nor spooled to disk.

    A body without Content-Length (chunked) is read by Django as empty, so the header is the
    one thing to check. It stands before CsrfViewMiddleware, after the language is chosen.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_SIZE:
            message = _("The request is too large: files of at most %(limit)d MB can be uploaded.") % {
                "limit": settings.MAX_UPLOAD_FILE_SIZE // MB
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
