"""URL map. Organisation pages live under /o/<org_slug>/, committee pages under
/m/<municipality_slug>/; TenantMiddleware resolves both (docs/ARCHITECTURE.md)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from apps.assignments import urls as assigned_urls
from apps.audit import urls as audit_urls
from apps.events import urls as event_urls
from apps.library import urls as library_urls
from apps.partners import urls as partner_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("apps.accounts.urls")),
    # Open to visitors too: the sign-in page offers the language switch.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("o/<slug:org_slug>/", include("apps.organizations.urls")),
    path("o/<slug:org_slug>/audit/", include("apps.audit.urls")),
    path("o/<slug:org_slug>/participants/", include("apps.participants.urls")),
    path("o/<slug:org_slug>/programmes/", include("apps.pairs.urls")),
    path("o/<slug:org_slug>/roadmap/", include(("apps.roadmap.urls", "roadmap"))),
    # Items of the committee's roadmap the organisation is asked to do (issue #19).
    path("o/<slug:org_slug>/roadmap/assigned/", include((assigned_urls.urlpatterns, "assigned"))),
    path("o/<slug:org_slug>/documents/", include(("apps.documents.urls", "documents"))),
    path("o/<slug:org_slug>/orders/", include("apps.orders.urls")),
    path("o/<slug:org_slug>/teachers/", include("apps.teachers.urls")),
    path("o/<slug:org_slug>/surveys/", include(("apps.surveys.urls", "surveys"))),
    path("o/<slug:org_slug>/monitoring/", include(("apps.monitoring.urls", "monitoring"))),
    path("o/<slug:org_slug>/events/", include(("apps.events.urls", "events"))),
    path("o/<slug:org_slug>/library/", include((library_urls.urlpatterns, "library"))),
    path("o/<slug:org_slug>/partners/", include((partner_urls.urlpatterns, "partners"))),
    path("o/<slug:org_slug>/public/", include(("apps.public.urls", "public_admin"))),
    # The public sections «Наставничество» of organisations and committees: open to everyone.
    path("p/", include(("apps.public.public_urls", "public"))),
    # A participant answers a survey by a personal link, without an account.
    path("s/", include(("apps.surveys.public_urls", "survey_public"))),
    # A person's notifications and what they choose to receive, across their workplaces.
    path("notifications/", include(("apps.reminders.urls", "reminders"))),
    # A committee's own pages; the twins of the organisations' ones are "committee_<namespace>".
    path("m/<slug:municipality_slug>/", include("apps.organizations.committee_urls")),
    path("m/<slug:municipality_slug>/roadmap/", include(("apps.roadmap.urls", "committee_roadmap"))),
    path(
        "m/<slug:municipality_slug>/roadmap/assigned/",
        include((assigned_urls.committee_urlpatterns, "committee_assigned")),
    ),
    path("m/<slug:municipality_slug>/documents/", include(("apps.documents.urls", "committee_documents"))),
    path(
        "m/<slug:municipality_slug>/monitoring/",
        include(("apps.monitoring.committee_urls", "committee_monitoring")),
    ),
    # The REST API (apps/api): tokens instead of sessions, the same tenants and rights.
    path("api/v1/", include(("apps.api.urls", "api"))),
    # A person's own API tokens (their profile), across their workplaces.
    path("profile/api-tokens/", include(("apps.api.token_urls", "api_tokens"))),
    path(
        "m/<slug:municipality_slug>/events/",
        include((event_urls.committee_urlpatterns, "committee_events")),
    ),
    path(
        "m/<slug:municipality_slug>/library/",
        include((library_urls.committee_urlpatterns, "committee_library")),
    ),
    path(
        "m/<slug:municipality_slug>/partners/",
        include((partner_urls.committee_urlpatterns, "committee_partners")),
    ),
    # The regional level (РЦН): its municipalities in aggregate and the region's monitoring forms.
    path("r/<slug:region_slug>/", include("apps.regional.urls")),
    path("r/<slug:region_slug>/audit/", include((audit_urls.region_urlpatterns, "region_audit"))),
    path("m/<slug:municipality_slug>/regional-forms/", include("apps.regional.committee_urls")),
    path("", include("apps.accounts.home_urls")),
]

# Django's 404 page, and a stored file that the storage no longer has (apps/core/downloads.py).
handler404 = "apps.core.errors.page_not_found"
