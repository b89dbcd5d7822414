"""Programmes, pairs, meetings, roadmaps, orders and survey results through the API."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from apps.documents.models import Document
from apps.documents.services import document_request, latest_document
from apps.pairs.models import Meeting, Pair, Programme
from apps.roadmap.models import Activity
from apps.surveys.services import forms_create_standard

from .conftest import client_with, token_for

pytestmark = pytest.mark.usefixtures("module_world")  # tenant_a, tenant_b: the module's world


def _url(name, **kwargs):
    return reverse(f"api:{name}", kwargs={"org_slug": "alpha", **kwargs})


def test_programmes_and_pairs_are_read(curator_api, tenant_a):
    programmes = curator_api.get(_url("programmes")).json()["results"]
    assert [p["id"] for p in programmes] == list(
        Programme.objects.filter(organization=tenant_a.organization).values_list("pk", flat=True)
    )
    pairs = curator_api.get(_url("pairs")).json()["results"]
    pair = Pair.objects.get(organization=tenant_a.organization)
    assert (
        pairs[0]["id"] == pair.pk and pairs[0]["mentor"] == pair.mentor_id and len(pairs[0]["mentees"]) == 1
    )


def test_a_mentor_logs_a_meeting_of_their_own_pair(tenant_a, curator_api):
    pair = Pair.objects.get(organization=tenant_a.organization)
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ACTIVE)
    mentor = client_with(token_for(tenant_a.mentor, organization=tenant_a.organization))
    url = _url("meetings", pair_id=pair.pk)
    data = {"kind": "trial", "held_on": str(timezone.localdate()), "place": "Каб. 12"}
    response = mentor.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY="meeting-1")
    assert response.status_code == 201, response.json()
    assert mentor.post(url, data, format="json", HTTP_IDEMPOTENCY_KEY="meeting-1").status_code == 201
    assert Meeting.objects.filter(pair=pair, kind="trial").count() == 1
    # The curator reads them; a curator does not log as a mentor through the API (pairs.own).
    assert len(curator_api.get(url).json()["results"]) == 2
    assert curator_api.post(url, data, format="json").status_code == 403
    # A meeting the sequence refuses is a 400 with the reason.
    again = mentor.post(url, {**data, "kind": "organisational"}, format="json")
    assert again.status_code == 400


def test_a_mentor_cannot_log_for_another_pair(tenant_a, tenant_b):
    other = Pair.objects.get(organization=tenant_b.organization)
    mentor = client_with(token_for(tenant_a.mentor, organization=tenant_a.organization))
    data = {"kind": "trial", "held_on": "2026-10-01"}
    assert mentor.post(_url("meetings", pair_id=other.pk), data, format="json").status_code == 404


def test_roadmap_activities_are_read_and_marked_done(curator_api, tenant_a, module_world):
    roadmap = module_world.roadmaps["a"]["organization"]
    roadmaps = curator_api.get(_url("roadmaps")).json()["results"]
    assert [r["id"] for r in roadmaps] == [roadmap.pk]
    assert curator_api.get(_url("stages", roadmap_id=roadmap.pk)).json()["results"]
    activities = curator_api.get(_url("activities", roadmap_id=roadmap.pk)).json()["results"]
    open_activity = next(a for a in activities if a["status"] != "done")
    url = _url("activity_progress", roadmap_id=roadmap.pk, activity_id=open_activity["id"])
    response = curator_api.post(
        url, {"status": "done", "evidence_note": "Приказ № 5", "done_on": "2026-10-01"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "done"
    assert Activity.objects.get(pk=open_activity["id"]).evidence_note == "Приказ № 5"
    # The municipality's own roadmap is not the organisation's: 404.
    own = module_world.roadmaps["a"]["municipality"]
    assert curator_api.get(_url("activities", roadmap_id=own.pk)).status_code == 404


def test_orders_and_their_pdf(curator_api, module_world):
    approved = module_world.orders["a"]["approved"]
    orders = curator_api.get(_url("orders")).json()["results"]
    assert approved.pk in [o["id"] for o in orders]
    url = _url("order_pdf", order_id=approved.pk)
    Document.objects.filter(organization=approved.organization, kind="order").delete()
    assert curator_api.get(url).status_code == 404
    assert curator_api.post(url).status_code == 202
    document = document_request(subject=approved, kind="order", actor=None)
    document.file.save("order.pdf", ContentFile(b"%PDF-1.7 order"), save=False)
    document.state = Document.State.READY
    document.save()
    response = curator_api.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    # The storage lost the file: the API says so in its own terms, and a POST renders anew.
    document.file.storage.delete(document.file.name)
    lost = curator_api.get(url)
    assert lost.status_code == 404 and lost.json()["state"] == "failed"
    assert curator_api.post(url).status_code == 202
    assert latest_document(approved, "order").pk != document.pk


def test_survey_results_keep_the_three_answer_rule(curator_api, tenant_a):
    forms_create_standard(tenant_a.organization)
    from apps.surveys.models import SurveyForm

    form = SurveyForm.objects.filter(organization=tenant_a.organization).first()
    programme = Programme.objects.get(organization=tenant_a.organization)
    response = curator_api.get(_url("survey_results", programme_id=programme.pk, form_id=form.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["threshold"] == 3 and body["total"] == 0
    assert all(not stage["questions"] for stage in body["stages"] if not stage["shown"])


def test_staff_may_not_read_pairs(tenant_a):
    staff = client_with(token_for(tenant_a.staff, organization=tenant_a.organization))
    assert staff.get(_url("pairs")).status_code == 403
    assert staff.get(_url("participants")).status_code == 200


def test_held_on_in_the_future_is_refused(tenant_a):
    pair = Pair.objects.get(organization=tenant_a.organization)
    Pair.objects.filter(pk=pair.pk).update(status=Pair.Status.ACTIVE)
    mentor = client_with(token_for(tenant_a.mentor, organization=tenant_a.organization))
    response = mentor.post(
        _url("meetings", pair_id=pair.pk), {"kind": "trial", "held_on": str(date(2099, 1, 1))}, format="json"
    )
    assert response.status_code == 400 and "held_on" in response.json()
