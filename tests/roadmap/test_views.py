"""Roadmap pages: creating from a template, progress with evidence, filters, the timeline,
the committee's own roadmap, and query counts that stay constant as roadmaps grow."""

from datetime import date

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from apps.audit.models import AuditEntry
from apps.roadmap import services
from apps.roadmap.models import Activity, Roadmap
from apps.roadmap.selectors import current_academic_year
from apps.roadmap.template_library import get_template
from tests.factories import CommitteeMembershipFactory, grow_roadmap


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"org_slug": tenant.organization.slug, **kwargs})


def _create(tenant, key="lyceum7", year=None):
    return services.roadmap_create(
        owner=tenant.organization,
        year=year or current_academic_year(),
        data=get_template(key),
        source="template",
    )


def test_curator_creates_this_years_roadmap_from_a_template(client, tenant_a):
    client.force_login(tenant_a.curator)
    year = current_academic_year()
    page = client.get(_url(tenant_a, "roadmap:list"))
    assert "template:lyceum7" in page.content.decode()
    response = client.post(_url(tenant_a, "roadmap:create"), {"year": year, "source": "template:gloria"})
    roadmap = Roadmap.objects.get(organization=tenant_a.organization)
    assert response.url == _url(tenant_a, "roadmap:detail", roadmap_id=roadmap.pk)
    assert (roadmap.academic_year, roadmap.activities.count()) == (year, 20)
    # A double click: the second one is refused with a message, nothing doubles.
    again = client.post(
        _url(tenant_a, "roadmap:create"), {"year": year, "source": "template:gloria"}, follow=True
    )
    assert Roadmap.objects.filter(organization=tenant_a.organization).count() == 1
    assert "уже есть" in again.content.decode() or "already exists" in again.content.decode()


def test_the_municipality_template_is_not_offered_to_a_school(client, tenant_a):
    client.force_login(tenant_a.curator)
    body = client.get(_url(tenant_a, "roadmap:list")).content.decode()
    assert "template:kalachinsk" not in body
    response = client.post(
        _url(tenant_a, "roadmap:create"), {"year": current_academic_year(), "source": "template:kalachinsk"}
    )
    assert response.status_code == 302
    assert not Roadmap.objects.filter(organization=tenant_a.organization).exists()


def test_copy_of_last_year_from_the_list(client, tenant_a):
    last = _create(tenant_a, year=current_academic_year() - 1)
    client.force_login(tenant_a.curator)
    client.post(
        _url(tenant_a, "roadmap:create"), {"year": current_academic_year(), "source": f"copy:{last.pk}"}
    )
    copy = Roadmap.objects.get(organization=tenant_a.organization, academic_year=current_academic_year())
    assert copy.source == "copy" and copy.activities.count() == last.activities.count()


def test_marking_done_needs_evidence_and_keeps_the_file_private(client, tenant_a):
    roadmap = _create(tenant_a)
    activity = roadmap.activities.first()
    url = _url(tenant_a, "roadmap:activity", roadmap_id=roadmap.pk, activity_id=activity.pk)
    client.force_login(tenant_a.curator)
    refused = client.post(url, {"status": "done", "done_on": "2026-09-20"})
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    activity.refresh_from_db()
    assert activity.status == "planned"

    # A file attached while the activity is in progress is shown on its page.
    in_progress = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    client.post(url, {"status": "in_progress", "evidence_file": in_progress})
    page = client.get(url).content.decode()
    assert 'data-testid="evidence"' in page and "roadmap/" in page.split('data-testid="evidence"')[1][:400]
    activity.refresh_from_db()
    activity.status, activity.evidence_file = "planned", ""
    activity.save()

    # A program or a web page is no evidence: refused with the types that are, nothing stored.
    for name in ("setup.exe", "otchet.html"):
        program = SimpleUploadedFile(name, b"MZ\x90\x00", content_type="application/octet-stream")
        refused = client.post(url, {"status": "done", "done_on": "2026-09-20", "evidence_file": program})
        assert refused.status_code == 200
        assert "не принимаются" in str(refused.context["form"].errors["evidence_file"])
    activity.refresh_from_db()
    assert activity.status == "planned" and not activity.evidence_file

    upload = SimpleUploadedFile("protokol.pdf", b"%PDF-1.4 protocol", content_type="application/pdf")
    response = client.post(
        url,
        {"status": "done", "done_on": "2026-09-20", "evidence_note": "Протокол № 1", "evidence_file": upload},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.done_on, activity.completed_by) == (
        "done",
        date(2026, 9, 20),
        tenant_a.curator,
    )
    assert activity.evidence_file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    download = client.get(_url(tenant_a, "roadmap:evidence", roadmap_id=roadmap.pk, activity_id=activity.pk))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 protocol"
    assert AuditEntry.objects.filter(action="roadmap.evidence_downloaded", target_id=activity.pk).exists()


def test_a_link_as_evidence_must_be_a_page_of_this_organisation(client, tenant_a):
    roadmap = _create(tenant_a)
    activity = roadmap.activities.first()
    url = _url(tenant_a, "roadmap:activity", roadmap_id=roadmap.pk, activity_id=activity.pk)
    client.force_login(tenant_a.curator)
    outside = client.post(
        url, {"status": "done", "done_on": "2026-09-20", "evidence_link": "https://evil.example/x"}
    )
    assert "evidence_link" in outside.context["form"].errors
    board = "http://testserver" + reverse("pairs:board", kwargs={"org_slug": tenant_a.organization.slug})
    client.post(url, {"status": "done", "done_on": "2026-09-20", "evidence_link": board})
    activity.refresh_from_db()
    assert activity.evidence_link == reverse("pairs:board", kwargs={"org_slug": tenant_a.organization.slug})


def test_staff_record_progress_only_where_they_are_responsible(client, tenant_a):
    roadmap = _create(tenant_a)
    theirs, other = roadmap.activities.all()[:2]
    theirs.responsibles.create(user=tenant_a.staff, name="")
    client.force_login(tenant_a.staff)
    page = client.get(_url(tenant_a, "roadmap:activity", roadmap_id=roadmap.pk, activity_id=theirs.pk))
    assert page.context["form"] is not None
    post = {"status": "in_progress"}
    assert (
        client.post(
            _url(tenant_a, "roadmap:activity", roadmap_id=roadmap.pk, activity_id=theirs.pk), post
        ).status_code
        == 302
    )
    url = _url(tenant_a, "roadmap:activity", roadmap_id=roadmap.pk, activity_id=other.pk)
    assert client.get(url).context["form"] is None
    assert client.post(url, post).status_code == 403
    other.refresh_from_db()
    assert other.status == "planned"


def test_filters_by_status_and_responsible_live_in_the_session(client, tenant_a):
    roadmap = _create(tenant_a, year=2025)  # last year's: everything is overdue by now
    done = roadmap.activities.first()
    services.activity_record_progress(activity=done, status="done", actor=tenant_a.curator, evidence_note="x")
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "roadmap:detail", roadmap_id=roadmap.pk)
    response = client.post(url, {"state": "done", "responsible": ""})
    assert response.status_code == 302 and response.url == url
    shown = [a.pk for s in client.get(url).context["stages"] for a in s["activities"]]
    assert shown == [done.pk]
    client.post(url, {"state": "", "responsible": "role:director"})
    shown = {a.pk for s in client.get(url).context["stages"] for a in s["activities"]}
    assert shown == set(roadmap.activities.filter(responsibles__role="director").values_list("pk", flat=True))
    client.post(url, {"reset": "1"})
    page = client.get(url)
    assert sum(len(s["activities"]) for s in page.context["stages"]) == roadmap.activities.count()
    # the quarterly report (1 раз в квартал) counts each of its two occurrences, both overdue
    quarterly = roadmap.activities.get(recurrence="quarterly")
    assert quarterly.occurrences.count() == 2
    assert page.context["counts"]["overdue"] == roadmap.activities.count() - 1 - 1 + 2
    assert b"table-danger" in page.content


def test_my_activities_on_the_home_page(client, tenant_a):
    roadmap = _create(tenant_a)
    client.force_login(tenant_a.curator)
    home = client.get(_url(tenant_a, "organizations:home")).content.decode()
    curator_activity = roadmap.activities.filter(responsibles__role="curator").order_by("due_on").first()
    assert 'data-testid="my-activities"' in home
    assert _url(tenant_a, "roadmap:activity", roadmap_id=roadmap.pk, activity_id=curator_activity.pk) in home
    # A mentor named by role sees the activity and who marks it, but no link to a page that
    # their role may not open (it would answer 403).
    mentors_activity = roadmap.activities.exclude(status="done").order_by("due_on").last()
    mentors_activity.responsibles.create(role="mentor")
    client.force_login(tenant_a.mentor)
    home = client.get(_url(tenant_a, "organizations:home")).content.decode()
    section = home.split('data-testid="my-activities"')[1]
    assert escape(mentors_activity.title[:100]) in section
    assert "/roadmap/" not in section
    assert 'data-testid="my-activities-hint"' in section
    activity_url = _url(tenant_a, "roadmap:activity", roadmap_id=roadmap.pk, activity_id=mentors_activity.pk)
    assert client.get(activity_url).status_code == 403


def test_timeline_draws_a_bar_for_each_dated_activity(client, tenant_a):
    roadmap = _create(tenant_a, year=2026)
    client.force_login(tenant_a.director)
    page = client.get(_url(tenant_a, "roadmap:timeline", roadmap_id=roadmap.pk))
    rows = page.context["timeline"]["rows"]
    months = page.context["timeline"]["months"]
    assert len(months) == 12
    assert "<th" in page.content.decode() and ">сен<" in page.content.decode()
    with translation.override("en"):
        assert [str(m["label"]) for m in months[:2]] == ["sep", "oct"]  # the English UI's months
    september = next(r for r in rows if r["activity"].deadline_text == "Сентябрь 2026")
    assert (september["bar"].first, september["bar"].span) == (0, 1)
    meetings = next(r for r in rows if r["activity"].deadline_text.startswith("01.12.2026"))
    assert (meetings["bar"].first, meetings["bar"].span) == (3, 6)  # December to May


def test_curator_edits_an_activity_and_its_responsible(client, tenant_a):
    roadmap = _create(tenant_a)
    activity = roadmap.activities.first()
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "roadmap:activity_edit", roadmap_id=roadmap.pk, activity_id=activity.pk)
    response = client.post(
        url,
        {
            "stage": activity.stage_id,
            "number": "1.1",
            "title": "Изучение материалов",
            "content_text": "Первое\nВторое",
            "deadline": "До 01.10.2026",
            "responsible_users": [tenant_a.staff.pk],
            "responsible_roles": ["curator"],
            "responsible_names": "Проектная группа",
            "result": "",
            "indicator": "",
            "event": "",
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.content == ["Первое", "Второе"]
    assert activity.due_on == date(2026, 10, 1)
    assert [r.display_name for r in activity.responsibles.all()] == [
        tenant_a.staff.short_name,
        "Куратор",
        "Проектная группа",
    ]
    assert "не распознан как дата" not in client.get(response.url).content.decode()

    # A date that does not exist is kept as written, and the curator is told what it costs.
    impossible = client.post(
        url,
        {"stage": activity.stage_id, "title": "Изучение материалов", "deadline": "до 31.02.2027"},
        follow=True,
    )
    activity.refresh_from_db()
    assert activity.deadline_text == "до 31.02.2027" and activity.due_on is None
    assert "Срок «до 31.02.2027» не распознан как дата" in impossible.content.decode()


def test_committee_runs_its_own_roadmap_and_never_an_organisations(client, tenant_a):
    municipality = tenant_a.organization.municipality
    member = CommitteeMembershipFactory(municipality=municipality).user
    client.force_login(member)
    list_url = reverse("committee_roadmap:list", kwargs={"municipality_slug": municipality.slug})
    assert "template:kalachinsk" in client.get(list_url).content.decode()
    client.post(
        reverse("committee_roadmap:create", kwargs={"municipality_slug": municipality.slug}),
        {"year": current_academic_year(), "source": "template:kalachinsk"},
    )
    own = Roadmap.objects.get(municipality=municipality, organization=None)
    detail = reverse(
        "committee_roadmap:detail", kwargs={"municipality_slug": municipality.slug, "roadmap_id": own.pk}
    )
    assert client.get(detail).status_code == 200
    # An organisation's roadmap is not the committee's to open, even in its municipality.
    schools = _create(tenant_a)
    foreign = reverse(
        "committee_roadmap:detail", kwargs={"municipality_slug": municipality.slug, "roadmap_id": schools.pk}
    )
    assert client.get(foreign).status_code == 404
    # And the organisation's people cannot open the committee's.
    client.force_login(tenant_a.director)
    assert client.get(detail).status_code == 404
    assert client.get(_url(tenant_a, "roadmap:detail", roadmap_id=own.pk)).status_code == 404


@pytest.mark.parametrize("name", ["roadmap:detail", "roadmap:timeline", "roadmap:list"])
def test_pages_keep_a_constant_number_of_queries(client, tenant_a, django_assert_max_num_queries, name):
    roadmap = _create(tenant_a)
    client.force_login(tenant_a.curator)
    kwargs = {} if name == "roadmap:list" else {"roadmap_id": roadmap.pk}
    url = _url(tenant_a, name, **kwargs)
    client.get(url)
    with django_assert_max_num_queries(24) as small:
        client.get(url)
    grow_roadmap(roadmap, stages=10, activities_per_stage=5, done_every=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_home_page_queries_do_not_grow_with_the_roadmap(client, tenant_a, django_assert_max_num_queries):
    roadmap = _create(tenant_a)
    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "organizations:home")
    client.get(url)
    with django_assert_max_num_queries(40) as small:
        client.get(url)
    grow_roadmap(roadmap, stages=5, activities_per_stage=5, done_every=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_activity_delete_and_stage_delete(client, tenant_a):
    roadmap = _create(tenant_a)
    client.force_login(tenant_a.curator)
    activity = roadmap.activities.first()
    client.post(
        _url(tenant_a, "roadmap:activity_edit", roadmap_id=roadmap.pk, activity_id=activity.pk),
        {"delete": "1"},
    )
    assert not Activity.objects.filter(pk=activity.pk).exists()
    stage = roadmap.stages.last()
    count = stage.activities.count()
    client.post(_url(tenant_a, "roadmap:stage_delete", roadmap_id=roadmap.pk, stage_id=stage.pk))
    assert roadmap.activities.count() == 23 - 1 - count


def test_import_shows_a_preview_then_creates_on_confirmation(client, tenant_a):
    from tests.roadmap.test_importing import seed_docx

    client.force_login(tenant_a.curator)
    url = _url(tenant_a, "roadmap:import")
    upload = SimpleUploadedFile("karta.docx", seed_docx("000").getvalue())
    preview = client.post(url, {"file": upload, "year": current_academic_year()})
    assert preview.status_code == 200
    assert len(preview.context["preview"]["stages"]) == 7
    assert b'data-testid="import-preview"' in preview.content
    assert not Roadmap.objects.filter(organization=tenant_a.organization).exists()  # nothing yet
    response = client.post(url, {"confirm": "1"})
    roadmap = Roadmap.objects.get(organization=tenant_a.organization)
    assert response.url == _url(tenant_a, "roadmap:detail", roadmap_id=roadmap.pk)
    assert (roadmap.source, roadmap.source_detail, roadmap.activities.count()) == ("import", "karta.docx", 23)


def test_a_file_that_cannot_be_read_gets_a_message_and_writes_nothing(client, tenant_a):
    client.force_login(tenant_a.curator)
    upload = SimpleUploadedFile("karta.docx", b"this is not a word file")
    page = client.post(_url(tenant_a, "roadmap:import"), {"file": upload, "year": current_academic_year()})
    assert page.status_code == 200 and page.context["form"].errors["file"]
    assert page.context["preview"] is None
    assert not Roadmap.objects.filter(organization=tenant_a.organization).exists()
