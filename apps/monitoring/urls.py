from django.urls import path

from . import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("targets/<slug:code>/", views.target_detail, name="target"),
    path("headcount/", views.headcount, name="headcount"),
    path("reports/", views.reports, name="reports"),
    path("reports/now/", views.report_generate, name="report_generate"),
]
