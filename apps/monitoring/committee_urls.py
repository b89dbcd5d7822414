from django.urls import path

from . import views

urlpatterns = [
    path("", views.committee_dashboard, name="dashboard"),
    path("organisations/<slug:organization_slug>/", views.committee_organization, name="organization"),
    path("export.xlsx", views.committee_export, name="export"),
    path("reports/", views.reports, name="reports"),
    path("reports/now/", views.report_generate, name="report_generate"),
]
