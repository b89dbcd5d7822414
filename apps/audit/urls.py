"""`urlpatterns` as `audit:*` under /o/<org_slug>/audit/, `region_urlpatterns` as
`region_audit:*` under /r/<region_slug>/audit/ (mentoring_portal/urls.py)."""

from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [path("", views.audit_log, name="log")]

region_urlpatterns = [path("", views.region_audit_log, name="log")]
