from django.urls import path

from . import import_views, questionnaire_views, views

app_name = "participants"
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("export.xlsx", views.participant_export, name="export"),
    path("new/", views.participant_create, name="create"),
    path("import/", import_views.import_start, name="import"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
    path("import/<int:run_id>/", import_views.import_run, name="import_run"),
    path("import/<int:run_id>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/<int:run_id>/mapping/", import_views.import_mapping, name="import_mapping"),
    path(
        "import/<int:run_id>/mapping.json", import_views.import_mapping_download, name="import_mapping_json"
    ),
    path("import/<int:run_id>/rejected.xlsx", import_views.import_rejected_rows, name="import_rejected"),
    path("questionnaires/", questionnaire_views.questionnaire_list, name="questionnaires"),
    path(
        "questionnaires/<int:questionnaire_id>/",
        questionnaire_views.questionnaire_edit,
        name="questionnaire",
    ),
    path(
        "questionnaires/<int:questionnaire_id>/questions/<int:question_id>/edit/",
        questionnaire_views.question_edit,
        name="question_edit",
    ),
    path(
        "questionnaires/<int:questionnaire_id>/questions/<int:question_id>/move/",
        questionnaire_views.question_reorder,
        name="question_move",
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
    path("<int:participant_id>/inclusion/", views.sensitive_attributes, name="sensitive"),
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
