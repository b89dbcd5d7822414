"""Mounted twice (mentoring_portal/urls.py): for organisations and for committees."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.roadmap_list, name="list"),
    path("new/", views.roadmap_create, name="create"),
    path("import/", views.roadmap_import, name="import"),
    path("<int:roadmap_id>/", views.roadmap_detail, name="detail"),
    path("<int:roadmap_id>/timeline/", views.roadmap_timeline, name="timeline"),
    path("<int:roadmap_id>/header/", views.roadmap_header, name="header"),
    path("<int:roadmap_id>/delete/", views.roadmap_delete, name="delete"),
    path("<int:roadmap_id>/pdf/", views.roadmap_pdf, name="pdf"),
    path("<int:roadmap_id>/stages/new/", views.stage_edit, name="stage_add"),
    path("<int:roadmap_id>/stages/<int:stage_id>/", views.stage_edit, name="stage_edit"),
    path("<int:roadmap_id>/stages/<int:stage_id>/delete/", views.stage_delete, name="stage_delete"),
    path("<int:roadmap_id>/activities/new/", views.activity_edit, name="activity_add"),
    path("<int:roadmap_id>/activities/<int:activity_id>/", views.activity_detail, name="activity"),
    path("<int:roadmap_id>/activities/<int:activity_id>/edit/", views.activity_edit, name="activity_edit"),
    path("<int:roadmap_id>/activities/<int:activity_id>/evidence/", views.activity_evidence, name="evidence"),
]
