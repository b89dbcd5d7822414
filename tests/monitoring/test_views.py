"""Dashboards: the organisation's with its lists, the committee's with aggregates only."""

import subprocess
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.monitoring import services
from apps.monitoring.models import MonitoringReport, TargetSnapshot
from apps.monitoring.periods import quarter_of
from apps.monitoring.tasks import generate_quarter_reports
from apps.participants.models import Participant
from tests.conftest import make_tenant
from tests.outside import run_manage


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
    ]
    assert b"chart.umd.min.js" in page.content and b"meetings-data" in page.content


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
    with django_assert_max_num_queries(30) as few:
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
    assert TargetSnapshot.objects.filter(period=quarter_of(today)).count() == 7
    page = _committee_page(client, committee_user, tenant_a.organization.municipality)
    trend = page.context["overview"]["total_trend"]["consents"]
    assert trend[-1] is not None and trend[:-1] == [None, None, None]


def test_a_quarters_reports_are_generated_once_on_its_first_day(tenant_a, monkeypatch):
    from datetime import date

    monkeypatch.setattr(timezone, "localdate", lambda: date(2027, 1, 1))
    assert generate_quarter_reports() == 2  # the organisation's report and the committee's summary
    assert generate_quarter_reports() == 0
    periods = set(MonitoringReport.objects.values_list("period", flat=True))
    assert periods == {"2026-Q4"}
    monkeypatch.setattr(timezone, "localdate", lambda: date(2027, 1, 2))
    assert generate_quarter_reports() == 0


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.django_db(transaction=True)
def test_monitoring_report_command(tenant_a, tmp_path):
    out = tmp_path / "report.pdf"
    result = run_manage(
        "monitoring_report", "--org", tenant_a.organization.slug, "--period", "2026-Q4", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    text = pdf_text(out.read_bytes())
    assert "Отчёт о реализации целевой модели наставничества" in text
    assert "Участники с согласием" in text or "Participants with consent" in text
    summary = tmp_path / "summary.pdf"
    slug = tenant_a.organization.municipality.slug
    result = run_manage("monitoring_report", "--org", slug, "--period", "2026-Q4", "-o", str(summary))
    assert result.returncode == 0, result.stderr
    text = pdf_text(summary.read_bytes())
    assert "Сводный отчёт" in text and tenant_a.organization.short_name in text
    for person in Participant.objects.filter(organization=tenant_a.organization):
        assert person.last_name not in text
    bad = run_manage("monitoring_report", "--org", slug, "--period", "2026-Q5", "-o", str(summary))
    assert bad.returncode == 1
    assert MonitoringReport.objects.count() == 0  # the command writes the file, not the database
