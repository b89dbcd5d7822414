from django.urls import path

from . import views

app_name = "region"
urlpatterns = [
    path("", views.region_dashboard, name="dashboard"),
    path("forms/new/", views.set_create_default, name="set_create_default"),
    path("forms/<int:set_id>/", views.region_form, name="form"),
    path("forms/<int:set_id>/form.xlsx", views.region_form_export, name="form_export"),
    path("forms/<int:set_id>/edit/", views.set_edit, name="set_edit"),
    path("forms/<int:set_id>/indicators/new/", views.indicator_add, name="indicator_add"),
    path("forms/<int:set_id>/indicators/<int:indicator_id>/", views.indicator_edit, name="indicator_edit"),
    path(
        "forms/<int:set_id>/indicators/<int:indicator_id>/delete/",
        views.indicator_delete,
        name="indicator_delete",
    ),
]
