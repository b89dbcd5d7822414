"""/api/v1/: the schema and its documentation, organisation resources under o/<org_slug>/,
a committee's under m/<municipality_slug>/, a regional centre's under r/<region_slug>/ (the
same tenants as the pages)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import committee, imports, orders, participants, programmes, region, roadmap, surveys

ORG = "o/<slug:org_slug>/"
COMMITTEE = "m/<slug:municipality_slug>/"
REGION = "r/<slug:region_slug>/"

urlpatterns = [
    # Open to all: the schema says what exists, not what anybody holds.
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path(
        "docs/",
        login_not_required(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html")
        ),
        name="docs",
    ),
    path(f"{ORG}participants/", participants.ParticipantList.as_view(), name="participants"),
    path(
        f"{ORG}participants/<int:participant_id>/",
        participants.ParticipantDetail.as_view(),
        name="participant",
    ),
    path(
        f"{ORG}participants/<int:participant_id>/consents/",
        participants.ConsentList.as_view(),
        name="consents",
    ),
    path(f"{ORG}imports/", imports.ImportList.as_view(), name="imports"),
    path(f"{ORG}imports/<int:run_id>/", imports.ImportJob.as_view(), name="import_job"),
    path(f"{ORG}imports/<int:run_id>/confirm/", imports.ImportConfirm.as_view(), name="import_confirm"),
    path(f"{ORG}programmes/", programmes.ProgrammeList.as_view(), name="programmes"),
    path(f"{ORG}pairs/", programmes.PairList.as_view(), name="pairs"),
    path(f"{ORG}pairs/<int:pair_id>/meetings/", programmes.MeetingList.as_view(), name="meetings"),
    path(
        f"{ORG}programmes/<int:programme_id>/surveys/<int:form_id>/results/",
        surveys.SurveyResults.as_view(),
        name="survey_results",
    ),
    path(f"{ORG}roadmaps/", roadmap.RoadmapList.as_view(), name="roadmaps"),
    path(f"{ORG}roadmaps/<int:roadmap_id>/stages/", roadmap.StageList.as_view(), name="stages"),
    path(f"{ORG}roadmaps/<int:roadmap_id>/activities/", roadmap.ActivityList.as_view(), name="activities"),
    path(
        f"{ORG}roadmaps/<int:roadmap_id>/activities/<int:activity_id>/progress/",
        roadmap.ActivityProgress.as_view(),
        name="activity_progress",
    ),
    path(f"{ORG}orders/", orders.OrderList.as_view(), name="orders"),
    path(f"{ORG}orders/<int:order_id>/pdf/", orders.OrderPdf.as_view(), name="order_pdf"),
    path(f"{COMMITTEE}targets/", committee.CommitteeTargets.as_view(), name="committee_targets"),
    path(
        f"{COMMITTEE}monitoring-form/", committee.MonitoringForm.as_view(), name="committee_monitoring_form"
    ),
    path(f"{COMMITTEE}breakdowns/", committee.CommitteeBreakdowns.as_view(), name="committee_breakdowns"),
    path(
        f"{COMMITTEE}regional-forms/<int:set_id>/",
        committee.RegionalForm.as_view(),
        name="committee_regional_form",
    ),
    path(f"{REGION}municipalities/", region.MunicipalityList.as_view(), name="region_municipalities"),
    path(f"{REGION}totals/", region.RegionTotals.as_view(), name="region_totals"),
    path(f"{REGION}forms/", region.FormList.as_view(), name="region_forms"),
    path(f"{REGION}forms/<int:set_id>/", region.RegionForm.as_view(), name="region_form"),
]
