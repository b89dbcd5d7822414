"""Mounted twice (mentoring_portal/urls.py): `urlpatterns` for organisations under
/o/<org_slug>/library/, `committee_urlpatterns` (reading, and featuring) for committees."""

from django.urls import path

from . import views

shared = [
    path("", views.item_list, name="list"),
    path("<int:item_id>/", views.item_detail, name="detail"),
    path("<int:item_id>/file/", views.item_file, name="file"),
]

organization_only = [
    path("new/", views.item_create, name="create"),
    path("<int:item_id>/edit/", views.item_edit, name="edit"),
    path("<int:item_id>/delete/", views.item_delete, name="delete"),
    path("<int:item_id>/copy/", views.programme_copy, name="copy"),
]

committee_only = [
    path("<int:item_id>/feature/", views.item_feature, name="feature"),
]

urlpatterns = shared + organization_only
committee_urlpatterns = shared + committee_only
