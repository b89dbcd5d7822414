from django.urls import path

from . import account_views, mentor_views, views

app_name = "pairs"
urlpatterns = [
    path("", views.programme_list, name="programmes"),
    path("new/", views.programme_create, name="programme_create"),
    path("board/", views.pair_board, name="board"),
    path("forms/", views.mentoring_forms, name="forms"),
    path("<int:programme_id>/", views.programme_detail, name="programme"),
    path("<int:programme_id>/enroll/", views.programme_enroll, name="enroll"),
    path("<int:programme_id>/enrollments/<int:enrollment_id>/", views.enrollment_edit, name="enrollment"),
    path("<int:programme_id>/match/", views.programme_match, name="match"),
    path("<int:programme_id>/training/", views.programme_training, name="training"),
    path("<int:programme_id>/survey/<int:participant_id>/", views.programme_survey, name="survey"),
    path("pairs/<int:pair_id>/", views.pair_detail, name="pair"),
    path("pairs/<int:pair_id>/do/<slug:action>/", views.pair_action, name="pair_action"),
    path("pairs/<int:pair_id>/meetings/", views.pair_meeting_add, name="pair_meeting_add"),
    path(
        "pairs/<int:pair_id>/meetings/<int:meeting_id>/feedback/",
        views.pair_feedback_add,
        name="pair_feedback_add",
    ),
    path("pairs/<int:pair_id>/trial/", views.pair_trial_decision, name="pair_trial_decision"),
    path("pairs/<int:pair_id>/mentees/<int:member_id>/rematch/", views.mentee_rematch, name="rematch"),
    path("pairs/<int:pair_id>/mentees/<int:member_id>/allow/", views.mentor_allow_again, name="allow_mentor"),
    path("pairs/<int:pair_id>/mentees/<int:member_id>/move/", views.mentee_move, name="move"),
    path(
        "participants/<int:participant_id>/account/",
        account_views.participant_account,
        name="participant_account",
    ),
    path("mine/", mentor_views.my_pairs, name="my_pairs"),
    path("mine/<int:pair_id>/", mentor_views.my_pair, name="my_pair"),
    path("mine/<int:pair_id>/meetings/", mentor_views.meeting_add, name="meeting_add"),
    path("mine/<int:pair_id>/trial/", mentor_views.trial_decision, name="trial_decision"),
    path("mine/<int:pair_id>/meetings/planned/", mentor_views.meeting_plan_add, name="meeting_plan_add"),
    path(
        "mine/<int:pair_id>/meetings/planned/<int:meeting_plan_id>/cancel/",
        mentor_views.meeting_plan_cancel,
        name="meeting_plan_cancel",
    ),
    path(
        "mine/<int:pair_id>/meetings/<int:meeting_id>/feedback/",
        mentor_views.feedback_add,
        name="feedback_add",
    ),
    path("mine/<int:pair_id>/plans/<int:member_id>/", mentor_views.plan_edit, name="plan_edit"),
    path("mine/<int:pair_id>/tasks/<int:task_id>/", mentor_views.plan_task_toggle, name="plan_task_toggle"),
]
