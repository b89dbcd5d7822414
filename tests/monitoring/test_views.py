"""Dashboards: the organisation's with its lists, the committee's with aggregates only."""

import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.monitoring import selectors, services
from apps.monitoring.models import MonitoringReport, TargetSnapshot
from apps.monitoring.periods import periods_due, quarter_of
from apps.monitoring.tasks import generate_due_reports
from apps.pairs.models import Meeting, Pair
from apps.participants.models import Participant
from apps.roadmap.models import Activity
from apps.roadmap.selectors import current_academic_year
from apps.roadmap.services import roadmap_create
from apps.roadmap.template_library import get_template
from tests.conftest import make_tenant
from tests.factories import ParticipantFactory, grow_roadmap
from tests.outside import outside_manage


def test_the_organisation_dashboard_shows_every_target(client, tenant_a):
    client.force_login(tenant_a.curator)
    page = client.get(reverse("monitoring:dashboard", kwargs={"org_slug": tenant_a.organization.slug}))
    assert page.status_code == 200
    codes = [v.target.code for v in page.context["data"]["targets"]]
    assert codes == [
        "mentors_students",
        "mentors_teachers",
        "consents",
        "in_pairs",
        "plans",
        "final_event",
        "roadmap_on_time",
        "young_mentored",
    ]
    assert b"chart.umd.min.js" in page.content
    for chart in ("meetings", "trend"):  # pairs are charted once there are any
        assert f'data-chart="{chart}-chart-data"'.encode() in page.content


def _dashboard(client, tenant):
    return client.get(reverse("monitoring:dashboard", kwargs={"org_slug": tenant.organization.slug}))


def _add_pairs(tenant, count, status):
    pair = Pair.objects.filter(organization=tenant.organization).first()
    for _ in range(count):
        mentor = ParticipantFactory(organization=tenant.organization, programme_role="mentor")
        added = Pair.objects.create(
            organization=tenant.organization, programme=pair.programme, mentor=mentor, status=status
        )
        Meeting.objects.create(
            organization=tenant.organization, pair=added, kind="individual", held_on=timezone.localdate()
        )


@pytest.fixture
def roadmap(tenant_a):
    return roadmap_create(
        owner=tenant_a.organization,
        year=current_academic_year(),
        data=get_template("lyceum7"),
        source="template",
    )


def test_the_dashboard_charts_pairs_meetings_and_the_roadmap_with_translated_labels(
    client, tenant_a, pairs_seeded, roadmap
):
    _add_pairs(tenant_a, 2, Pair.Status.ACTIVE)
    client.force_login(tenant_a.curator)
    data = _dashboard(client, tenant_a).context["data"]

    # Pairs: a row per form, a column per status found, labelled in the user's language.
    assert [str(s.label) for s in data["pairs"]["statuses"]] == ["Предложена", "Работает"]
    assert data["pairs"]["total"] == 3 and data["pairs"]["rows"][0]["counts"] == [1, 2]
    pairs_chart = data["charts"]["pairs"]
    assert [d["label"] for d in pairs_chart["data"]["datasets"]] == ["Предложена", "Работает"]
    assert pairs_chart["options"]["indexAxis"] == "y"

    # Meetings: this month's two meetings, no feedback, under Russian series names.
    meetings = data["charts"]["meetings"]["data"]
    assert [d["label"] for d in meetings["datasets"]] == ["Встречи", "Отзывы"]
    assert meetings["labels"][-1] == f"{timezone.localdate():%m.%Y}"
    assert meetings["datasets"][0]["data"][-1] == 2

    # The roadmap: one bar per stage, its activities split into done, overdue and ahead.
    stages = data["roadmap"]["stages"]
    assert len(stages) == roadmap.stages.count()
    assert sum(s["total"] for s in stages) == Activity.objects.filter(roadmap=roadmap).count()
    series = data["charts"]["roadmap"]["data"]["datasets"]
    assert [d["label"] for d in series] == ["Выполнено", "Просрочено", "Впереди"]
    assert [sum(d["data"]) for d in series][0] == data["roadmap"]["done"]

    # The trend: a line per target over the last eight quarters (two academic years).
    trend = data["charts"]["trend"]["data"]
    assert len(trend["datasets"]) == 8 and len(trend["labels"]) == 8
    assert len({d["borderColor"] for d in trend["datasets"]}) == 8  # a colour of its own each

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    data = _dashboard(client, tenant_a).context["data"]
    assert [d["label"] for d in data["charts"]["pairs"]["data"]["datasets"]] == ["Proposed", "Active"]
    assert [d["label"] for d in data["charts"]["meetings"]["data"]["datasets"]] == ["Meetings", "Feedback"]


def test_the_organisation_dashboard_keeps_its_queries_as_data_grows(
    client, tenant_a, pairs_seeded, roadmap, django_assert_max_num_queries
):
    client.force_login(tenant_a.curator)
    _dashboard(client, tenant_a)
    with CaptureQueriesContext(connection) as few:
        _dashboard(client, tenant_a)
    _add_pairs(tenant_a, 20, Pair.Status.ACTIVE)
    _add_pairs(tenant_a, 5, Pair.Status.COMPLETED)
    grow_roadmap(roadmap, stages=5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = _dashboard(client, tenant_a)
    assert page.context["data"]["pairs"]["total"] == 26


def test_the_list_behind_consents_names_who_lacks_one(client, tenant_a):
    from tests.factories import ParticipantFactory

    missing = ParticipantFactory(organization=tenant_a.organization, last_name="Безсогласиев")
    client.force_login(tenant_a.curator)
    url = reverse("monitoring:target", kwargs={"org_slug": tenant_a.organization.slug, "code": "consents"})
    page = client.get(url)
    assert [row["text"] for row in page.context["rows"]] == [missing.full_name]
    assert client.get(url.replace("consents", "nonsense")).status_code == 404


def _committee_page(client, committee_user, municipality):
    client.force_login(committee_user)
    return client.get(
        reverse("committee_monitoring:dashboard", kwargs={"municipality_slug": municipality.slug})
    )


@pytest.mark.usefixtures("pairs_seeded")
def test_the_committee_sees_numbers_never_people(client, tenant_a, committee_user):
    municipality = tenant_a.organization.municipality
    page = _committee_page(client, committee_user, municipality)
    body = page.content.decode()
    assert tenant_a.organization.short_name in body
    people = Participant.objects.filter(organization=tenant_a.organization)
    names = [p.last_name for p in people] + [tenant_a.curator.last_name, tenant_a.mentor.last_name]
    assert people.exists()
    for name in names:
        assert name not in body, f"the committee's page shows {name}"
    assert "/participants/" not in body and "/monitoring/targets/" not in body

    export = client.get(
        reverse("committee_monitoring:export", kwargs={"municipality_slug": municipality.slug})
    )
    workbook = load_workbook(BytesIO(export.content))
    cells = " ".join(
        str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row if c.value
    )
    assert tenant_a.organization.short_name in cells
    for name in names:
        assert name not in cells, f"the export shows {name}"


def test_committee_dashboard_queries_do_not_grow_with_organisations(
    client, tenant_a, committee_user, django_assert_max_num_queries
):
    municipality = tenant_a.organization.municipality
    _committee_page(client, committee_user, municipality)
    # 30, the teachers' counts (one grouped query), the year on year's snapshots, the
    # breakdowns (four grouped queries) and the satisfaction's snapshot, the municipality's
    # two snapshots (none of them yet here: then summed or counted live)
    with django_assert_max_num_queries(39) as few:
        _committee_page(client, committee_user, municipality)
    for _ in range(6):
        make_tenant(municipality=municipality)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = _committee_page(client, committee_user, municipality)
    assert len(page.context["overview"]["rows"]) == 7


def test_snapshots_make_the_quarterly_trend(client, tenant_a, committee_user):
    today = timezone.localdate()
    services.snapshots_take(organization_ids=[tenant_a.organization.pk], day=today)
    services.snapshots_take(organization_ids=[tenant_a.organization.pk], day=today)  # refreshed, not doubled
    assert TargetSnapshot.objects.filter(period=quarter_of(today)).count() == 8
    page = _committee_page(client, committee_user, tenant_a.organization.municipality)
    trend = page.context["overview"]["total_trend"]["consents"]
    assert trend[-1] is not None and trend[:-1] == [None] * 7


def test_reports_due_are_generated_once_and_made_up_for_in_a_quarters_first_days(tenant_a, monkeypatch):
    def on(day):
        monkeypatch.setattr(timezone, "localdate", lambda: day)
        return generate_due_reports()

    # 1 January: the fourth quarter's and the year's report of the organisation and the committee.
    assert on(date(2027, 1, 1)) == 4
    assert on(date(2027, 1, 1)) == 0
    assert on(date(2027, 1, 2)) == 0
    reports = set(MonitoringReport.objects.values_list("period", "organization_id"))
    assert reports == {(p, org) for p in ("2026-Q4", "2026") for org in (tenant_a.organization.pk, None)}
    # A beat down on 1 April is made up for on the 3rd; nothing is due from the 8th.
    assert on(date(2027, 4, 3)) == 2
    assert on(date(2027, 7, 8)) == 0
    assert periods_due(date(2027, 7, 7)) == ["2027-Q2"]
    assert periods_due(date(2027, 5, 1)) == []


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.django_db(transaction=True)
def test_monitoring_report_command(tenant_a, tmp_path):
    out = tmp_path / "report.pdf"
    with outside_manage() as manage:
        result = manage(
            "monitoring_report", "--org", tenant_a.organization.slug, "--period", "2026-Q4", "-o", str(out)
        )
        assert result.returncode == 0, result.stderr
        text = pdf_text(out.read_bytes())
        assert "Отчёт о реализации целевой модели наставничества" in text
        assert "Период: 4-й квартал 2026 г." in text and "Участники с согласием" in text
        assert "Молодые специалисты с наставником" in " ".join(text.split())  # every target is listed
        # Hyphenation may break a word across lines: the satisfaction table's heading is whole.
        assert "4. Удовлетворённость участников" in text and "Средняя оценка" in text
        assert "10.2026" in text and "09.2026" not in text  # the quarter's months only
        year = tmp_path / "year.pdf"
        result = manage(
            "monitoring_report", "--org", tenant_a.organization.slug, "--period", "2026", "-o", str(year)
        )
        assert result.returncode == 0, result.stderr
        assert "Период: 2026 год (01.01.2026 – 31.12.2026)" in pdf_text(year.read_bytes())
        summary = tmp_path / "summary.pdf"
        slug = tenant_a.organization.municipality.slug
        result = manage("monitoring_report", "--org", slug, "--period", "2026-Q4", "-o", str(summary))
        assert result.returncode == 0, result.stderr
        text = pdf_text(summary.read_bytes())
        assert "Сводный отчёт" in text and tenant_a.organization.short_name in text
        for person in Participant.objects.filter(organization=tenant_a.organization):
            assert person.last_name not in text
        # Academic years, for an organisation and for the committee, as people write them.
        academic = tmp_path / "academic.pdf"
        result = manage(
            "monitoring_report",
            "--org",
            tenant_a.organization.slug,
            "--period",
            "2026-2027",
            "-o",
            str(academic),
        )
        assert result.returncode == 0, result.stderr
        assert "2026/27" in result.stdout
        assert "Период: 2026/2027 учебный год (01.09.2026 – 31.08.2027)" in pdf_text(academic.read_bytes())
        result = manage("monitoring_report", "--org", slug, "--period", "2026/27", "-o", str(summary))
        assert result.returncode == 0, result.stderr
        assert "период: 2026/27 (01.09.2026 – 31.08.2027)" in pdf_text(summary.read_bytes())
        bad = manage("monitoring_report", "--org", slug, "--period", "2026-2028", "-o", str(summary))
        assert bad.returncode == 1 and "two years in a row" in bad.stderr
        bad = manage("monitoring_report", "--org", slug, "--period", "2026-Q5", "-o", str(summary))
        assert bad.returncode == 1
        assert MonitoringReport.objects.count() == 0  # the command writes the file, not the database


def test_the_committee_reads_its_organisations_a_page_at_a_time_and_totals_count_them_all(
    client, tenant_a, committee_user, monkeypatch
):
    from apps.monitoring import views

    monkeypatch.setattr(views, "ORGANIZATIONS_PER_PAGE", 2)
    municipality = tenant_a.organization.municipality
    for _ in range(2):
        make_tenant(municipality=municipality)
    url = reverse("committee_monitoring:dashboard", kwargs={"municipality_slug": municipality.slug})
    client.force_login(committee_user)
    first = client.get(url)
    overview = first.context["overview"]
    # the rows are the page's; the totals count every organisation
    assert len(overview["rows"]) == 2 and overview["organizations"] == 3
    everyone = selectors.organizations_overview(
        list(municipality.organizations.filter(is_active=True)), first.context["as_of"]
    )
    assert [(v.numerator, v.denominator) for v in overview["totals"]] == [
        (v.numerator, v.denominator) for v in everyone["totals"]
    ]
    assert first.content.decode().count('data-testid="committee-row"') == 2
    last = client.get(url, {"page": 2}).content.decode()
    assert last.count('data-testid="committee-row"') == 1 and "2 / 2" in last


def test_the_committee_totals_summed_in_sql_equal_those_of_every_row(client, tenant_a, committee_user):
    """Some organisations with their snapshot, one without (counted afresh): the dashboard's
    totals, trend, year on year and young specialists are those built from every row."""
    municipality = tenant_a.organization.municipality
    others = [make_tenant(municipality=municipality) for _ in range(2)]
    for tenant in (tenant_a, *others):
        ParticipantFactory.create_batch(3, organization=tenant.organization)
    today = timezone.localdate()
    services.snapshots_take(organization_ids=[tenant_a.organization.pk, others[0].organization.pk], day=today)
    a_year_ago = date(today.year - 1, today.month, min(today.day, 28))
    services.snapshots_take(organization_ids=[others[1].organization.pk], day=a_year_ago)
    ParticipantFactory(organization=tenant_a.organization)  # after the snapshot: not in it
    client.force_login(committee_user)
    page = client.get(
        reverse("committee_monitoring:dashboard", kwargs={"municipality_slug": municipality.slug})
    )
    overview, comparison, as_of = page.context["overview"], page.context["comparison"], page.context["as_of"]
    organizations = list(municipality.organizations.filter(is_active=True).order_by("short_name", "pk"))
    everyone = selectors.organizations_overview(organizations, as_of)
    year, against = comparison["year"].start.year, comparison["against"].start.year
    compared = selectors.year_on_year(
        [o.pk for o in organizations], year, against, today, current=everyone["numbers"]
    )

    def pairs(values):
        return [(v.numerator, v.denominator) for v in values]

    assert pairs(overview["totals"]) == pairs(everyone["totals"])
    assert overview["total_trend"] == everyone["total_trend"]
    assert overview["young_specialists"] == everyone["young_specialists"]
    assert overview["taken_at"] == everyone["taken_at"] is None  # one organisation counted afresh
    assert [item["change"] for item in comparison["totals"]] == [
        item["change"] for item in compared["totals"]
    ]
    for row, full in zip(overview["rows"], everyone["rows"], strict=True):
        assert row["organization"] == full["organization"]
        assert pairs(row["targets"]) == pairs(full["targets"])
        assert row["satisfaction"] == full["satisfaction"]
        assert row["teacher_experience"] == full["teacher_experience"]
        assert [i["change"] for i in row["change"]] == [
            i["change"] for i in compared["organizations"][row["organization"].pk]
        ]
    assert sum(v.denominator for v in overview["totals"]) > 0
    assert any(item["last"] is not None for item in comparison["totals"])  # last year's snapshot read
