"""The curator's publishing pages, under /o/<org_slug>/public/ (namespace public_admin)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.section, name="section"),
    path("news/new/", views.news_create, name="news_create"),
    path("news/<int:news_id>/", views.news_edit, name="news_edit"),
    path("news/<int:news_id>/publish/", views.news_publish, name="news_publish"),
    path("documents/new/", views.document_create, name="document_create"),
    path("documents/<int:public_document_id>/publish/", views.document_publish, name="document_publish"),
    path("roadmap/", views.roadmap_publish, name="roadmap_publish"),
    path("winners/<int:nominee_id>/consent/", views.winner_consent, name="winner_consent"),
    path(
        "winners/<int:nominee_id>/consent/revoke/",
        views.winner_consent_revoke,
        name="winner_consent_revoke",
    ),
]
