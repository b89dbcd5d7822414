from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("forms/", views.form_list, name="forms"),
    path("forms/<int:form_id>/", views.form_edit, name="form"),
    path("forms/<int:form_id>/questions/new/", views.question_add, name="question_add"),
    path("forms/<int:form_id>/questions/<int:survey_question_id>/", views.question_edit, name="question"),
    path(
        "forms/<int:form_id>/questions/<int:survey_question_id>/move/",
        views.question_move,
        name="question_move",
    ),
    path(
        "forms/<int:form_id>/questions/<int:survey_question_id>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("programmes/<int:programme_id>/", views.programme_detail, name="programme"),
    path("programmes/<int:programme_id>/invite/", views.invite, name="invite"),
    path("programmes/<int:programme_id>/forms/<int:form_id>/", views.results, name="results"),
    path("mine/", views.my_surveys, name="mine"),
    path("mine/<int:programme_id>/<int:form_id>/", views.my_answer, name="my_answer"),
]
