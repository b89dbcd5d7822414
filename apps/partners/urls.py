"""Mounted twice (mentoring_portal/urls.py): `urlpatterns` under /o/<org_slug>/partners/,
`committee_urlpatterns` under /m/<municipality_slug>/partners/ (the municipality's list only)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.partner_list, name="list"),
    path("new/", views.partner_create, name="create"),
    path("<int:partner_id>/", views.partner_detail, name="detail"),
    path("<int:partner_id>/edit/", views.partner_edit, name="edit"),
    path("<int:partner_id>/agreements/new/", views.agreement_create, name="agreement_create"),
    path("<int:partner_id>/agreements/<int:agreement_id>/edit/", views.agreement_edit, name="agreement_edit"),
    path("<int:partner_id>/agreements/<int:agreement_id>/scan/", views.agreement_scan, name="agreement_scan"),
]

committee_urlpatterns = [
    path("", views.committee_partner_list, name="list"),
]
