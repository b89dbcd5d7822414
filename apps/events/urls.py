"""Mounted twice (mentoring_portal/urls.py): `urlpatterns` for organisations under
/o/<org_slug>/events/, `committee_urlpatterns` (without the organisation-only pages: one's
own invitations, proposing a nominee, a nominee's file, the reward order) for committees."""

from django.urls import path

from . import contest_views, views

shared = [
    path("", views.event_list, name="list"),
    path("new/", views.event_create, name="create"),
    path("<int:event_id>/", views.event_detail, name="detail"),
    path("<int:event_id>/invite/", views.event_invite, name="invite"),
    path("<int:event_id>/attendance/", views.event_attendance, name="attendance"),
    path("<int:event_id>/attendance/<int:invitation_id>/", views.invitation_mark, name="mark"),
    path("<int:event_id>/hold/", views.event_hold, name="hold"),
    path("<int:event_id>/cancel/", views.event_cancel, name="cancel"),
    path("<int:event_id>/materials/", views.material_add, name="material_add"),
    path("<int:event_id>/materials/<int:material_id>/", views.material_file, name="material"),
    path("<int:event_id>/invitations-pdf/", views.event_invitations_pdf, name="invitations_pdf"),
    path("contests/", contest_views.contest_list, name="contests"),
    path("contests/new/", contest_views.contest_create, name="contest_create"),
    path("contests/<int:contest_id>/", contest_views.contest_detail, name="contest"),
    path("contests/<int:contest_id>/score/", contest_views.contest_score, name="contest_score"),
    path("contests/<int:contest_id>/advance/", contest_views.contest_advance, name="contest_advance"),
    path("contests/<int:contest_id>/letters/", contest_views.contest_letters, name="contest_letters"),
    path("letters/", contest_views.letter_batches, name="letter_batches"),
    path("letters/<int:batch_id>/", contest_views.letter_batch, name="letters"),
    path("letters/<int:batch_id>/render/", contest_views.letter_batch_render, name="letters_render"),
]

organization_only = [
    path("mine/", views.my_events, name="mine"),
    path("contests/<int:contest_id>/propose/", contest_views.contest_propose, name="contest_propose"),
    path(
        "contests/<int:contest_id>/nominees/<int:nominee_id>/file/",
        contest_views.nominee_file,
        name="nominee_file",
    ),
    path("letters/<int:batch_id>/order/", contest_views.letter_batch_order, name="letters_order"),
]

urlpatterns = shared + organization_only
committee_urlpatterns = shared
