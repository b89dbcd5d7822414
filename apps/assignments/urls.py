"""Mounted under the roadmaps (mentoring_portal/urls.py): `urlpatterns` as `assigned:*` under
/o/<org_slug>/roadmap/assigned/, `committee_urlpatterns` as `committee_assigned:*` under
/m/<municipality_slug>/roadmap/assigned/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.item_list, name="list"),
    path("<int:item_id>/", views.item_detail, name="detail"),
    path("<int:item_id>/file/", views.item_file, name="file"),
]

committee_urlpatterns = [
    path("", views.committee_list, name="list"),
    path("new/", views.committee_assign, name="assign"),
    path("activities/<int:activity_id>/", views.committee_activity, name="activity"),
    path("<int:item_id>/withdraw/", views.committee_withdraw, name="withdraw"),
]
