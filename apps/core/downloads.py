"""Stored files as downloads: the one way every view hands out a file of the storage."""

import logging

from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)


class StoredFileMissing(Http404):
    """A row names a file the storage no longer has (restored without its media, removed by
    hand): a 404 whose page says so (templates/404.html), not a server error."""


def stored_file_response(field_file, *, filename: str = "", inline: bool = False, content_type=None):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        # The row's model and id only: a file's name may carry a person's name.
        row = field_file.instance
        logger.error("Stored file missing: %s %s, field %s", row._meta.label, row.pk, field_file.field.name)
        raise StoredFileMissing from None
    return FileResponse(
        handle,
        as_attachment=not inline,
        filename=filename or field_file.name.rsplit("/", 1)[-1],
        content_type=content_type,
    )
