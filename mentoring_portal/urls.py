"""URL map. Organisation pages live under /o/<org_slug>/, committee pages under
/m/<municipality_slug>/; TenantMiddleware resolves both (docs/ARCHITECTURE.md)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("apps.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("o/<slug:org_slug>/", include("apps.organizations.urls")),
    path("o/<slug:org_slug>/audit/", include("apps.audit.urls")),
    path("m/<slug:municipality_slug>/", include("apps.organizations.committee_urls")),
    path("", include("apps.accounts.home_urls")),
]
