"""Private files (consent scans, imports, generated documents, evidence) are personal data:
they live outside any public URL and are served only by permission-checked views."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    # A callable: the settings are read when the models load, not when this module is imported.
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
