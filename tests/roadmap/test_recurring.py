"""Recurring deadlines («ежеквартально», «1 раз в квартал», «ежемесячно», «еженедельно», «в течение
года» with a periodic activity): an activity with its occurrences in the roadmap's year, each
done or overdue on its own, counted one by one by the on-time target and reminded of one by one."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.documents.rendering import render_subject
from apps.monitoring.targets import compute
from apps.reminders.kinds.roadmap import roadmap_due, roadmap_overdue
from apps.reminders.registry import TenantDay
from apps.reminders.selectors import tenant_members
from apps.roadmap import services
from apps.roadmap.deadlines import (
    MONTHLY,
    QUARTERLY,
    WEEKLY,
    YEARLY,
    occurrence_windows,
    parse_deadline,
    recurrence_of,
)
from apps.roadmap.models import Activity, Occurrence, Roadmap
from apps.roadmap.selectors import current_academic_year, progress_counts
from apps.roadmap.template_library import get_template
from tests.roadmap.shapes import shaped_docx
from tests.roadmap.test_pdf import pdf_text, squeeze


@pytest.mark.parametrize(
    ("deadline", "activity", "period"),
    [
        ("Ежеквартально", "", QUARTERLY),
        ("1 раз в квартал", "", QUARTERLY),
        ("ежемесячно", "", MONTHLY),
        ("Сентябрь – май, ежемесячно", "", MONTHLY),
        ("еженедельно", "", WEEKLY),
        ("Ежегодно", "", YEARLY),
        ("Ежегодно, май", "", YEARLY),
        ("В течение года", "Ежемесячный мониторинг встреч пар", MONTHLY),
        ("В течение учебного года", "Отчёт куратора (1 раз в квартал)", QUARTERLY),
        ("Февраль 2021 Май 2021", "Отчеты по планам работы (1 раз в квартал)", QUARTERLY),
        # not recurring
        ("По мере необходимости", "Ежемесячные консультации", ""),
        ("Сентябрь 2020", "Ежемесячный отчёт", ""),
        ("В течение года", "Формирование базы наставников", ""),
    ],
)
def test_the_period_is_read_from_the_deadline_or_from_a_periodic_activity(deadline, activity, period):
    assert recurrence_of(deadline, activity) == period


def test_the_windows_of_each_period_in_an_academic_year():
    start, end = date(2025, 9, 1), date(2026, 8, 31)
    quarters = occurrence_windows(QUARTERLY, start, end)
    assert [due for _start, due in quarters] == [
        date(2025, 11, 30),
        date(2026, 2, 28),
        date(2026, 5, 31),
        date(2026, 8, 31),
    ]
    assert len(occurrence_windows(MONTHLY, start, end)) == 12
    weeks = occurrence_windows(WEEKLY, start, end)
    assert weeks[0] == (date(2025, 9, 1), date(2025, 9, 7)) and weeks[-1][1] == end
    assert occurrence_windows(YEARLY, start, end) == [(start, end)]
    # «Сентябрь – май, ежемесячно»: the months of the window only
    window = parse_deadline("Сентябрь – май, ежемесячно", academic_start=2025)
    assert (window.start, window.end) == (date(2025, 9, 1), date(2026, 5, 31))
    assert len(occurrence_windows(MONTHLY, window.start, window.end)) == 9


def _roadmap(tenant, year=2025, key="lyceum7") -> Roadmap:
    return services.roadmap_create(
        owner=tenant.organization, year=year, data=get_template(key), source="template"
    )


def _monthly(roadmap, actor, title="Ежемесячный отчёт куратора", deadline="ежемесячно") -> Activity:
    return services.activity_save(
        roadmap=roadmap,
        activity=None,
        values={"stage": roadmap.stages.last(), "title": title, "deadline": deadline},
        responsible=[{"text": "Куратор", "role": "curator"}],
        actor=actor,
    )


def test_the_templates_quarterly_report_has_its_occurrences_and_the_pdf_prints_it_as_written(
    tenant_a, tmp_path
):
    roadmap = _roadmap(tenant_a, year=2025)
    report = roadmap.activities.get(title__startswith="Отчеты по планам работы")
    assert report.recurrence == Activity.Recurrence.QUARTERLY
    assert report.deadline_text == "Февраль 2026 Май 2026"
    assert [(o.starts_on, o.due_on) for o in report.occurrences.all()] == [
        (date(2026, 2, 1), date(2026, 4, 30)),
        (date(2026, 5, 1), date(2026, 5, 31)),
    ]
    assert report.due_on == date(2026, 4, 30)  # the first occurrence not done
    # the other activities of the template recur not
    assert roadmap.activities.exclude(recurrence="").count() == 1
    text = squeeze(pdf_text(render_subject(roadmap, "roadmap")[0], tmp_path))
    assert squeeze("Февраль 2026 Май 2026") in text


def test_each_occurrence_is_done_or_overdue_on_its_own(tenant_a):
    roadmap = _roadmap(tenant_a, year=2025)  # last year's: every occurrence is past
    activity = _monthly(roadmap, tenant_a.curator)
    occurrences = list(activity.occurrences.all())
    assert len(occurrences) == 12 and activity.recurrence == MONTHLY
    assert activity.state() == Activity.OVERDUE

    september = occurrences[0]
    services.occurrence_record_progress(
        occurrence=september,
        status=Activity.Status.DONE,
        actor=tenant_a.curator,
        done_on=date(2025, 9, 29),
        evidence_note="Отчёт за сентябрь",
    )
    september.refresh_from_db()
    activity.refresh_from_db()
    assert september.state() == Activity.Status.DONE and september.done_on_time
    assert occurrences[1].state() == Activity.OVERDUE
    assert activity.status == Activity.Status.IN_PROGRESS and activity.due_on == date(2025, 10, 31)
    entry = AuditEntry.objects.filter(action="roadmap.progress_changed").latest("pk")
    assert entry.data["occurrence"] == "2025-09-30" and entry.actor == tenant_a.curator

    for occurrence in occurrences[1:]:
        services.occurrence_record_progress(
            occurrence=occurrence, status=Activity.Status.DONE, actor=tenant_a.curator, evidence_note="ok"
        )
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE and activity.state() == Activity.Status.DONE
    # undone again: the activity is open once more, due on that occurrence
    services.occurrence_record_progress(occurrence=occurrences[3], status="planned", actor=tenant_a.curator)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.IN_PROGRESS and activity.due_on == occurrences[3].due_on

    with pytest.raises(services.RoadmapError):
        services.activity_record_progress(activity=activity, status="done", actor=tenant_a.curator)


def test_a_new_deadline_keeps_the_occurrences_due_the_same_day(tenant_a):
    roadmap = _roadmap(tenant_a, year=2025)
    activity = _monthly(roadmap, tenant_a.curator)
    november = activity.occurrences.get(due_on=date(2025, 11, 30))
    services.occurrence_record_progress(
        occurrence=november, status="done", actor=tenant_a.curator, evidence_note="Отчёт"
    )
    november.refresh_from_db()
    values = {"stage": activity.stage, "title": activity.title, "deadline": "ежеквартально"}
    services.activity_save(
        roadmap=roadmap,
        activity=Activity.objects.get(pk=activity.pk),
        values=values,
        responsible=[],
        actor=tenant_a.curator,
    )
    activity.refresh_from_db()
    assert activity.recurrence == QUARTERLY
    assert list(activity.occurrences.values_list("due_on", "done_on")) == [
        (date(2025, 11, 30), november.done_on),  # the November report stays done
        (date(2026, 2, 28), None),
        (date(2026, 5, 31), None),
        (date(2026, 8, 31), None),
    ]
    # «по мере необходимости»: once again, its occurrences gone
    values["deadline"] = "По мере необходимости"
    services.activity_save(
        roadmap=roadmap,
        activity=Activity.objects.get(pk=activity.pk),
        values=values,
        responsible=[],
        actor=tenant_a.curator,
    )
    assert not Occurrence.objects.filter(activity=activity).exists()


def test_a_yearly_month_recurs_in_every_year_of_a_longer_period(tenant_a):
    municipality = tenant_a.organization.municipality
    roadmap = services.roadmap_create(
        owner=municipality, year=2025, data=get_template("kalachinsk"), source="template"
    )
    activity = _monthly(roadmap, None, title="Отчёт о внедрении", deadline="Ежегодно, май")
    assert list(activity.occurrences.values_list("due_on", flat=True)) == [
        date(2026, 5, 31),
        date(2027, 5, 31),
        date(2028, 5, 31),
        date(2029, 5, 31),
    ]


def test_the_on_time_target_counts_occurrences_in_one_query(tenant_a):
    organization = tenant_a.organization
    year = current_academic_year()
    roadmap = Roadmap.objects.create(
        organization=organization,
        municipality=organization.municipality,
        title="Дорожная карта",
        academic_year=year,
    )
    stage = roadmap.stages.create(title="Этап")
    today = timezone.localdate()
    once = Activity(roadmap=roadmap, stage=stage, title="Педсовет")
    once.set_deadline((today - timedelta(days=3)).strftime("%d.%m.%Y"))
    once.status, once.done_on = Activity.Status.DONE, today - timedelta(days=5)
    once.save()

    queries = []

    def measure():
        with CaptureQueriesContext(connection) as captured:
            numbers = compute([organization.pk], today)
        queries.append(len(captured))
        return numbers[organization.pk]["roadmap_on_time"]

    assert measure() == (1, 1)
    weekly = _monthly(roadmap, tenant_a.curator, title="Еженедельная встреча", deadline="еженедельно")
    past = list(weekly.occurrences.filter(due_on__lt=today))
    for index, occurrence in enumerate(past):
        if index % 2 == 0:  # every other week done in time, the rest overdue
            services.occurrence_record_progress(
                occurrence=occurrence,
                status="done",
                actor=tenant_a.curator,
                done_on=occurrence.due_on,
                evidence_note="ok",
            )
    on_time = 1 + len(past[::2])
    assert measure() == (on_time, 1 + len(past))
    assert queries[0] == queries[1]  # the same grouped query, whatever the number of occurrences
    counts = progress_counts(roadmap.activities.all(), today)
    assert (counts["on_time"], counts["due"], counts["overdue"]) == (
        on_time,
        1 + len(past),
        len(past) - len(past[::2]),
    )
    assert counts["total"] == 2


def test_reminders_come_per_occurrence(tenant_a):
    roadmap = _roadmap(tenant_a, year=current_academic_year())
    activity = _monthly(roadmap, tenant_a.curator)
    today = timezone.localdate()
    tenant = TenantDay(
        owner=tenant_a.organization, today=today, members=tenant_members(tenant_a.organization)
    )
    overdue = {r.key for r in roadmap_overdue(tenant)}
    past = list(activity.occurrences.filter(due_on__lt=today))
    assert {f"occurrence:{o.pk}" for o in past} <= overdue
    assert f"activity:{activity.pk}" not in overdue
    if past:
        services.occurrence_record_progress(
            occurrence=past[0], status="done", actor=tenant_a.curator, evidence_note="ok"
        )
        assert f"occurrence:{past[0].pk}" not in {r.key for r in roadmap_overdue(tenant)}
    soon = activity.occurrences.filter(due_on__gte=today, due_on__lte=today + timedelta(days=7))
    assert {f"occurrence:{o.pk}" for o in soon} <= {r.key for r in roadmap_due(tenant)}


def test_the_page_lists_occurrences_and_the_curator_marks_one_done(client, tenant_a, tenant_b):
    roadmap = _roadmap(tenant_a, year=2025)
    activity = _monthly(roadmap, tenant_a.curator)
    october = activity.occurrences.get(due_on=date(2025, 10, 31))
    kwargs = {"org_slug": tenant_a.organization.slug, "roadmap_id": roadmap.pk, "activity_id": activity.pk}
    url = reverse("roadmap:activity", kwargs=kwargs)
    client.force_login(tenant_a.curator)
    page = client.get(url)
    assert len(page.context["occurrences"]) == 12
    assert page.context["chosen"] == activity.occurrences.first()
    assert page.content.decode().count('data-testid="occurrence"') == 12

    # no evidence: refused with a message, nothing marked
    response = client.post(url, {"occurrence": october.pk, "status": "done", "done_on": "2025-10-30"})
    assert response.status_code == 200 and response.context["form"].errors
    october.refresh_from_db()
    assert october.done_on is None

    post = {"occurrence": october.pk, "status": "done", "done_on": "2025-10-30", "evidence_note": "Отчёт"}
    assert client.post(url, post).status_code == 302
    october.refresh_from_db()
    assert october.done_on == date(2025, 10, 30) and october.completed_by == tenant_a.curator

    # another activity's or organisation's occurrence: not found
    other_roadmap = _roadmap(tenant_b, year=2025)
    theirs = _monthly(other_roadmap, tenant_b.curator).occurrences.first()
    assert client.post(url, {**post, "occurrence": theirs.pk}).status_code == 404
    assert client.get(url, {"occurrence": "x"}).status_code == 404
    evidence = reverse("roadmap:evidence", kwargs=kwargs)
    assert client.get(evidence, {"occurrence": theirs.pk}).status_code == 404

    timeline = client.get(
        reverse("roadmap:timeline", kwargs={k: kwargs[k] for k in ("org_slug", "roadmap_id")})
    )
    states = [cell["state"] for cell in _occurrence_row(timeline, activity)["occurrences"] if cell]
    assert states.count("done") == 1 and states.count("overdue") == 11


def test_marking_when_every_occurrence_is_done_says_so_and_changes_nothing(client, tenant_a):
    roadmap = _roadmap(tenant_a, year=2025)
    activity = _monthly(roadmap, tenant_a.curator)
    for occurrence in activity.occurrences.all():
        services.occurrence_record_progress(
            occurrence=occurrence, status="done", actor=tenant_a.curator, evidence_note="ok"
        )
    kwargs = {"org_slug": tenant_a.organization.slug, "roadmap_id": roadmap.pk, "activity_id": activity.pk}
    url = reverse("roadmap:activity", kwargs=kwargs)
    client.force_login(tenant_a.curator)
    entries = AuditEntry.objects.count()

    # a second tab: the form posted after the last occurrence was marked elsewhere
    response = client.post(
        url, {"status": "done", "done_on": "2025-10-30", "evidence_note": "ещё раз"}, follow=True
    )

    assert response.redirect_chain == [(url, 302)]
    assert "Все повторения этого мероприятия уже выполнены." in response.content.decode()
    assert AuditEntry.objects.count() == entries
    assert not activity.occurrences.filter(evidence_note="ещё раз").exists()
    # a mentor, who may not record progress, is still refused
    client.force_login(tenant_a.mentor)
    assert client.post(url, {"status": "done"}).status_code in (403, 404)


def _occurrence_row(page, activity):
    return next(row for row in page.context["timeline"]["rows"] if row["activity"].pk == activity.pk)


def test_an_imported_quarterly_activity_has_its_occurrences(tenant_a, tmp_path, capsys):
    rows = [
        ["№", "Мероприятие", "Сроки", "Ответственные"],
        ["1. Мониторинг", "<", "<", "<"],
        ["1.1", "Отчёт куратора директору", "Ежеквартально", "Куратор"],
        ["1.2", "Мониторинг встреч пар", "В течение года (1 раз в месяц)", "Куратор"],
        ["1.3", "Консультации наставников", "По мере необходимости", "Куратор"],
    ]
    path = tmp_path / "plan.docx"
    path.write_bytes(shaped_docx(rows).getvalue())
    call_command("import_roadmap", str(path), "--org", tenant_a.organization.slug, "--year", "2025")
    assert capsys.readouterr().out.strip() == "stages 1, activities 3"
    roadmap = Roadmap.objects.get(organization=tenant_a.organization, academic_year=2025)
    counts = {a.title: (a.recurrence, a.occurrences.count()) for a in roadmap.activities.all()}
    assert counts == {
        "Отчёт куратора директору": (QUARTERLY, 4),
        "Мониторинг встреч пар": (MONTHLY, 12),
        "Консультации наставников": ("", 0),
    }


def test_the_activity_page_keeps_its_queries_whatever_the_occurrences_done(
    client, tenant_a, django_assert_max_num_queries
):
    roadmap = _roadmap(tenant_a, year=2025)
    activity = _monthly(roadmap, tenant_a.curator, deadline="еженедельно")
    kwargs = {"org_slug": tenant_a.organization.slug, "roadmap_id": roadmap.pk, "activity_id": activity.pk}
    url = reverse("roadmap:activity", kwargs=kwargs)
    client.force_login(tenant_a.curator)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for occurrence in activity.occurrences.all()[:20]:
        services.occurrence_record_progress(
            occurrence=occurrence, status="done", actor=tenant_a.curator, evidence_note="ok"
        )
    with django_assert_max_num_queries(len(first)):
        assert len(client.get(url).context["occurrences"]) == 53


def test_an_event_completes_the_occurrence_under_way_not_the_whole_activity(tenant_a):
    from tests.roadmap.test_services import _approve

    roadmap = _roadmap(tenant_a, year=current_academic_year())
    activity = services.activity_save(
        roadmap=roadmap,
        activity=None,
        values={
            "stage": roadmap.stages.last(),
            "title": "Поощрение лучших наставников",
            "deadline": "ежеквартально",
            "event": Activity.Event.ORDER_REWARD,
        },
        responsible=[],
        actor=tenant_a.curator,
    )
    first = activity.occurrences.first()
    _approve(tenant_a, "reward")
    first.refresh_from_db()
    activity.refresh_from_db()
    assert first.done_on == timezone.localdate() and "Приказ" in first.evidence_note
    assert activity.occurrences.filter(done_on__isnull=True).count() == 3
    assert activity.status == Activity.Status.IN_PROGRESS
