"""Academic years on the committee's pages: year on year, and an organisation's aggregate page."""

from datetime import date, datetime
from datetime import timezone as dt_timezone

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.monitoring import breakdowns, selectors
from apps.monitoring.models import Headcount, TargetSnapshot
from apps.monitoring.targets import TARGETS
from apps.participants.models import Participant, SensitiveAttributes
from tests.conftest import make_tenant
from tests.factories import ConsentFactory, ParticipantFactory

TODAY = date(2026, 12, 6)  # in the academic year 2026/27, its quarter 2026-Q4


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)
    return TODAY


def _snapshot(organization, period, **percents):
    """Snapshots of every target, of 100 (so the numerator is the percentage)."""
    taken = datetime(2026, 1, 1, tzinfo=dt_timezone.utc)
    for target in TARGETS:
        TargetSnapshot.objects.update_or_create(
            organization=organization,
            period=period,
            code=target.code,
            defaults={"numerator": percents.get(target.code, 50), "denominator": 100, "taken_at": taken},
        )


def test_each_target_and_organisation_against_the_year_before(tenant_a, today):
    other = make_tenant(municipality=tenant_a.organization.municipality)
    a, b = tenant_a.organization, other.organization
    _snapshot(a, "2026-Q4", consents=95, plans=70)
    _snapshot(a, "2025-Q4", consents=80, plans=75)
    _snapshot(b, "2026-Q4", consents=100)  # b has no history: unknown, not zero

    found = selectors.year_on_year([a.pk, b.pk], 2026, 2025, today)
    assert found["quarters"] == ("2026-Q4", "2025-Q4")
    assert (found["year"].label, found["against"].label) == ("2026/27", "2025/26")
    mine = {item["this"].target.code: item for item in found["organizations"][a.pk]}
    assert (
        mine["consents"]["this"].percent,
        mine["consents"]["last"].percent,
        mine["consents"]["change"],
    ) == (95, 80, 15)
    assert mine["plans"]["change"] == -5
    # States: consents 95 % of 100 is amber, plans 70 % of 90 red, a 10 % target at 50 % green.
    assert (mine["consents"]["this"].state, mine["plans"]["this"].state) == ("amber", "red")
    assert mine["mentors_students"]["this"].state == "green"
    theirs = {item["this"].target.code: item for item in found["organizations"][b.pk]}
    assert theirs["consents"]["last"] is None and theirs["consents"]["change"] is None
    # The municipality: this year both organisations, last year the one that was counted.
    totals = {item["this"].target.code: item for item in found["totals"]}
    assert (totals["consents"]["this"].numerator, totals["consents"]["this"].denominator) == (195, 200)
    assert totals["consents"]["last"].percent == 80 and totals["consents"]["change"] == 18


def test_a_past_year_is_read_at_its_last_whole_quarter(tenant_a, today):
    a = tenant_a.organization
    _snapshot(a, "2026-Q2", consents=90)
    _snapshot(a, "2025-Q2", consents=60)
    found = selectors.year_on_year([a.pk], 2025, 2024, today)  # 2025/26 against 2024/25
    assert found["quarters"] == ("2026-Q2", "2025-Q2") and found["as_of"] == date(2026, 6, 30)
    item = {i["this"].target.code: i for i in found["organizations"][a.pk]}
    assert item["consents"]["change"] == 30
    # Two years apart: the same quarter two years before, not counted here.
    found = selectors.year_on_year([a.pk], 2026, 2024, today)
    assert found["quarters"] == ("2026-Q4", "2024-Q4")
    assert {i["this"].target.code: i for i in found["organizations"][a.pk]}["consents"]["last"] is None


def _committee(client, committee_user, tenant, **params):
    client.force_login(committee_user)
    url = reverse(
        "committee_monitoring:dashboard", kwargs={"municipality_slug": tenant.organization.municipality.slug}
    )
    return client.get(url, params)


def test_the_committee_picks_a_year_and_compares_it(client, tenant_a, committee_user, today):
    a = tenant_a.organization
    _snapshot(a, "2026-Q2", consents=90)
    _snapshot(a, "2025-Q2", consents=60)
    page = _committee(client, committee_user, tenant_a, year="2025/26", against="2024/25")
    assert page.status_code == 200
    comparison = page.context["comparison"]
    assert comparison["quarters"] == ("2026-Q2", "2025-Q2") and page.context["as_of"] == date(2026, 6, 30)
    # The trend shows two years of quarters, the chosen year's own among them.
    assert (
        page.context["overview"]["quarters"][-1] == "2026-Q2"
        and len(page.context["overview"]["quarters"]) == 8
    )
    body = page.content.decode()
    assert "2025/26" in body and 'data-testid="year-on-year"' in body
    totals = {item["this"].target.code: item for item in comparison["totals"]}
    assert totals["consents"]["change"] == 30

    # By default: this academic year against the last.
    page = _committee(client, committee_user, tenant_a)
    assert (page.context["comparison"]["year"].label, page.context["comparison"]["against"].label) == (
        "2026/27",
        "2025/26",
    )
    # A year compared with itself: a message in words, and the default comparison.
    page = _committee(client, committee_user, tenant_a, year="2026/27", against="2026/27")
    assert page.status_code == 200
    assert "Выберите два разных учебных года" in page.content.decode()
    page = _committee(client, committee_user, tenant_a, year="1999/00", against="2026/27")
    assert page.status_code == 200 and page.context["comparison"]["year"].label == "2026/27"


def test_the_committee_dashboard_keeps_its_queries_with_a_year_chosen(
    client, tenant_a, committee_user, today, django_assert_max_num_queries
):
    _committee(client, committee_user, tenant_a, year="2025/26", against="2024/25")
    with django_assert_max_num_queries(40) as few:
        _committee(client, committee_user, tenant_a, year="2025/26", against="2024/25")
    for _ in range(5):
        make_tenant(municipality=tenant_a.organization.municipality)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = _committee(client, committee_user, tenant_a, year="2025/26", against="2024/25")
    assert len(page.context["overview"]["rows"]) == 6


def _aggregate(client, committee_user, tenant, **params):
    client.force_login(committee_user)
    url = reverse(
        "committee_monitoring:organization",
        kwargs={
            "municipality_slug": tenant.organization.municipality.slug,
            "organization_slug": tenant.organization.slug,
        },
    )
    return client.get(url, params)


@pytest.mark.usefixtures("pairs_seeded")
def test_an_organisations_aggregate_page_shows_numbers_never_people(client, tenant_a, committee_user, today):
    organization = tenant_a.organization
    _snapshot(organization, "2025-Q4", consents=40)
    ParticipantFactory(
        organization=organization, category="student", birth_date=date(2012, 3, 1), programme_role="mentee"
    )
    ParticipantFactory(organization=organization, category="graduate", programme_role="mentor")
    Headcount.objects.create(organization=organization, academic_year=2026, students=10)
    page = _aggregate(client, committee_user, tenant_a)
    assert page.status_code == 200
    data = page.context["data"]
    assert [v.target.code for v in data["targets"]] == [t.code for t in TARGETS]
    assert data["public_url"] == f"/p/{organization.slug}/"
    counts = data["counts"]
    assert counts["origins"]["graduates"] == 1 and counts["ages"]["10_14"] >= 1
    assert data["pupils_share"] == round(100 * counts["pupils_10_18"] / 10)
    assert "выпускники" in page.content.decode()
    body = page.content.decode()
    assert organization.short_name in body and f'href="/p/{organization.slug}/"' in body
    people = Participant.objects.filter(organization=organization)
    assert people.exists()
    for name in [p.last_name for p in people] + [tenant_a.curator.last_name, tenant_a.mentor.last_name]:
        assert name not in body, f"the aggregate page shows {name}"
    assert "/participants/" not in body and "/o/" not in body


def test_the_aggregate_page_keeps_its_queries_as_the_organisation_grows(
    client, tenant_a, committee_user, today, pairs_seeded, django_assert_max_num_queries
):
    _aggregate(client, committee_user, tenant_a)
    with django_assert_max_num_queries(40) as few:
        _aggregate(client, committee_user, tenant_a)
    for _ in range(10):
        ParticipantFactory(organization=tenant_a.organization)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _aggregate(client, committee_user, tenant_a)


def test_inclusion_groups_are_counts_withheld_under_three(tenant_a, today):
    organization = tenant_a.organization
    people = [ParticipantFactory(organization=organization, category="student") for _ in range(4)]
    for index, person in enumerate(people):
        consent = ConsentFactory(participant=person, given_by="representative", signed_on=date(2026, 9, 1))
        SensitiveAttributes.objects.create(
            participant=person, consent=consent, consent_scope=consent.scope, disability=True, rural=index < 2
        )
    found = breakdowns.counts([organization.pk], today)[organization.pk]["inclusion"]
    assert found == {"disability": 4, "difficult_situation": 0, "low_income": 0, "rural": None}
    # A revoked consent takes its attributes out of the counts.
    consent = people[0].consents.get()
    consent.revoked_on = date(2026, 11, 1)
    consent.save()
    assert breakdowns.counts([organization.pk], today)[organization.pk]["inclusion"]["disability"] == 3


def _found(**inclusion):
    """One organisation's breakdowns with these inclusion counts as shown (None: withheld)."""
    return {
        "forms": {},
        "categories": {},
        "ages": dict.fromkeys(breakdowns.AGE_GROUPS, 0),
        "origins": dict.fromkeys(breakdowns.ORIGIN_ORDER, 0),
        "pupils_10_18": 0,
        "pupils_headcount": None,
        "inclusion": {**dict.fromkeys(SensitiveAttributes.GROUPS, 0), **inclusion},
    }


def test_a_municipalitys_inclusion_total_adds_only_what_each_organisation_shows():
    # Two withheld counts (one and two people, say) never add up to a shown 3, which the
    # organisations' shown counts would let anyone take apart; shown counts add up.
    total = breakdowns.totals({1: _found(disability=None, rural=5), 2: _found(disability=None, rural=4)})
    assert total["inclusion"] == {"disability": 0, "difficult_situation": 0, "low_income": 0, "rural": 9}
    assert breakdowns.totals({1: _found(low_income=None)})["inclusion"]["low_income"] == 0


@pytest.mark.usefixtures("pairs_seeded")
def test_the_committee_dashboard_shows_the_municipalitys_breakdowns(client, tenant_a, committee_user, today):
    ParticipantFactory(organization=tenant_a.organization, category="graduate", programme_role="mentor")
    page = _committee(client, committee_user, tenant_a)
    origins = dict(page.context["breakdowns"]["origins"])
    assert origins["выпускники"] == 1
    assert 'data-testid="breakdown-inclusion"' in page.content.decode()


def test_the_export_follows_the_year_chosen_and_holds_the_year_on_year(
    client, tenant_a, committee_user, today
):
    from io import BytesIO

    from openpyxl import load_workbook

    _snapshot(tenant_a.organization, "2026-Q2", consents=90)
    _snapshot(tenant_a.organization, "2025-Q2", consents=60)
    client.force_login(committee_user)
    url = reverse(
        "committee_monitoring:export", kwargs={"municipality_slug": tenant_a.organization.municipality.slug}
    )
    export = client.get(url, {"year": "2025/26", "against": "2024/25"})
    assert "2026-06-30" in export["Content-Disposition"]
    sheet = load_workbook(BytesIO(export.content))["Год к году"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0].startswith("2025/26 учебный год в сравнении с 2024/25")
    assert ["Участники с согласием", 90, 60, 30] in [row[:4] for row in rows]


def test_young_specialists_with_a_mentor_on_every_page_with_year_on_year_and_state(
    client, tenant_a, committee_user, today
):
    """The target of the mentoring of teachers: the organisation's dashboard and the list behind
    it, the snapshot, the committee's dashboard and aggregate page with the year before."""
    from apps.monitoring.services import snapshots_take
    from apps.pairs.services.pairs import pair_approve
    from tests.teachers.helpers import consent_for, teacher_pair

    organization = tenant_a.organization
    pair = teacher_pair(tenant_a, prefix="Стажеров")  # a young specialist since 01.09.2025, proposed
    mentee = pair.members.get().mentee
    _snapshot(organization, "2025-Q4", young_mentored=50)
    client.force_login(tenant_a.curator)
    dashboard = reverse("monitoring:dashboard", kwargs={"org_slug": organization.slug})
    body = client.get(dashboard).content.decode()
    assert (
        'data-code="young_mentored" data-state="red"' in body and "Молодые специалисты с наставником" in body
    )
    behind = reverse("monitoring:target", kwargs={"org_slug": organization.slug, "code": "young_mentored"})
    assert mentee.last_name in client.get(behind).content.decode()

    consent_for(pair, tenant_a.curator)
    pair_approve(pair=pair, actor=tenant_a.curator)
    body = client.get(dashboard).content.decode()
    assert 'data-code="young_mentored" data-state="green"' in body and "1 / 1" in body
    assert mentee.last_name not in client.get(behind).content.decode()
    snapshots_take(organization_ids=[organization.pk], day=today)
    snapshot = TargetSnapshot.objects.get(organization=organization, period="2026-Q4", code="young_mentored")
    assert (snapshot.numerator, snapshot.denominator) == (1, 1)

    committee, aggregate = (
        _committee(client, committee_user, tenant_a),
        _aggregate(client, committee_user, tenant_a),
    )
    for page, comparison in (
        (committee, committee.context["comparison"]),
        (aggregate, aggregate.context["data"]["comparison"]),
    ):
        body = page.content.decode()
        rows = {item["this"].target.code: item for item in comparison["totals"]}
        young = rows["young_mentored"]
        assert (young["this"].percent, young["last"].percent, young["change"]) == (100, 50, 50)
        assert young["this"].state == "green" and young["last"].state == "red"
        assert 'data-code="young_mentored"' in body and "Молодые специалисты с наставником" in body
        assert mentee.last_name not in body and pair.mentor.last_name not in body
