from django.urls import path

from . import questionnaire_views, views

app_name = "participants"
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("export.xlsx", views.participant_export, name="export"),
    path("new/", views.participant_create, name="create"),
    path("partners/", views.partner_list, name="partners"),
    path("questionnaires/", questionnaire_views.questionnaire_list, name="questionnaires"),
    path(
        "questionnaires/<int:questionnaire_id>/",
        questionnaire_views.questionnaire_edit,
        name="questionnaire",
    ),
    path(
        "questionnaires/<int:questionnaire_id>/questions/<int:question_id>/delete/",
        questionnaire_views.question_remove,
        name="question_delete",
    ),
    path("<int:participant_id>/", views.participant_detail, name="detail"),
    path("<int:participant_id>/edit/", views.participant_edit, name="edit"),
    path("<int:participant_id>/answers/", views.participant_answers_edit, name="answers"),
    path("<int:participant_id>/extra/", views.extra_information_add, name="extra_information"),
    path("<int:participant_id>/leave/", views.participant_leave, name="leave"),
    path("<int:participant_id>/consents/new/", views.consent_add, name="consent_add"),
    path(
        "<int:participant_id>/consents/<int:consent_id>/revoke/",
        views.consent_revoke,
        name="consent_revoke",
    ),
    path(
        "<int:participant_id>/consents/<int:consent_id>/document/",
        views.consent_document,
        name="consent_document",
    ),
]
