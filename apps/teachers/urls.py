from django.urls import path

from . import views

app_name = "teachers"
urlpatterns = [
    path("", views.bank, name="bank"),
    path("participants/<int:participant_id>/", views.profile_edit, name="profile"),
    path("participants/<int:participant_id>/requests/", views.request_add, name="request_add"),
    path(
        "participants/<int:participant_id>/requests/questionnaire/",
        views.requests_import,
        name="requests_import",
    ),
    path("consents/", views.consent_list, name="consents"),
    path("consents/new/", views.consent_create, name="consent_create"),
    path("consents/wording/", views.wording_edit, name="wording"),
    path("programme-templates/", views.programme_templates, name="programme_templates"),
    path("consents/<int:duty_consent_id>/", views.consent_detail, name="consent"),
    path("consents/<int:duty_consent_id>/scan/", views.consent_scan, name="consent_scan"),
    path("consents/<int:duty_consent_id>/agreement/", views.agreement_generate, name="agreement"),
    path("consents/<int:duty_consent_id>/end/", views.consent_end, name="consent_end"),
    path("mine/consents/", views.my_consents, name="my_consents"),
    path("mine/consents/<int:duty_consent_id>/confirm/", views.my_consent_confirm, name="my_consent_confirm"),
    path("mine/consents/<int:duty_consent_id>/agreement/", views.my_agreement, name="my_agreement"),
    path("pairs/<int:pair_id>/programme/", views.programme_detail, name="programme"),
    path("pairs/<int:pair_id>/programme/draft/", views.programme_draft, name="programme_draft"),
    path("pairs/<int:pair_id>/programme/edit/", views.programme_edit, name="programme_edit"),
    path("pairs/<int:pair_id>/programme/approve/", views.programme_approve, name="programme_approve"),
    path("pairs/<int:pair_id>/programme/pdf/", views.programme_pdf, name="programme_pdf"),
]
