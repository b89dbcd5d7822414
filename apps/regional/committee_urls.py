from django.urls import path

from . import views

app_name = "committee_regional"
urlpatterns = [
    path("", views.committee_forms, name="forms"),
    path("<int:set_id>/", views.committee_form, name="form"),
    path("<int:set_id>/form.xlsx", views.committee_form_export, name="form_export"),
]
