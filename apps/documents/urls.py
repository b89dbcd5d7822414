"""Mounted twice: under /o/<org_slug>/documents/ and /m/<municipality_slug>/documents/."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:document_id>/", views.document_status, name="status"),
    path("<int:document_id>/download/", views.document_download, name="download"),
    path("<int:document_id>/retry/", views.document_retry_view, name="retry"),
]
