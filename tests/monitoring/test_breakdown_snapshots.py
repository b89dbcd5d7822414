"""The breakdowns' hourly snapshot: the recount writes it, the committee's dashboard and an
organisation's aggregate page read it (no per-participant work on the page), and its numbers
are the live count's."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.demo.organizations import ORGANIZATIONS
from apps.demo.pairs import load_demo_pairs
from apps.demo.participants import load_demo_participants
from apps.monitoring import breakdowns, services
from apps.monitoring.models import BreakdownSnapshot, MunicipalitySnapshot
from apps.monitoring.periods import quarter_of
from apps.monitoring.tasks import take_target_snapshots
from apps.participants.models import Participant, SensitiveAttributes
from tests.conftest import make_tenant
from tests.factories import ConsentFactory, ParticipantFactory


def _dashboard(client, committee_user, municipality, **params):
    client.force_login(committee_user)
    url = reverse("committee_monitoring:dashboard", kwargs={"municipality_slug": municipality.slug})
    return client.get(url, params)


def _aggregate(client, committee_user, organization, **params):
    client.force_login(committee_user)
    url = reverse(
        "committee_monitoring:organization",
        kwargs={"municipality_slug": organization.municipality.slug, "organization_slug": organization.slug},
    )
    return client.get(url, params)


def _recount(*organizations):
    services.snapshots_take(organization_ids=[o.pk for o in organizations], day=timezone.localdate())


def _graduate_mentors(page) -> int:
    return dict(page.context["breakdowns"]["origins"])["выпускники"]


def test_the_hourly_recount_writes_the_breakdowns_of_the_running_quarter(tenant_a):
    organization = tenant_a.organization
    ParticipantFactory(organization=organization, category="graduate", programme_role="mentor")
    # The beat's task, as it runs every hour: every active organisation, refreshed, not doubled.
    take_target_snapshots()
    take_target_snapshots()
    snapshot = BreakdownSnapshot.objects.get(organization=organization)
    assert snapshot.period == quarter_of(timezone.localdate())
    assert snapshot.counts == breakdowns.counts([organization.pk], timezone.localdate())[organization.pk]
    assert snapshot.counts["origins"]["graduates"] == 1


def test_the_dashboard_reads_the_snapshot_and_shows_a_change_after_the_recount(
    client, tenant_a, committee_user
):
    organization, municipality = tenant_a.organization, tenant_a.organization.municipality
    ParticipantFactory(organization=organization, category="graduate", programme_role="mentor")
    _recount(organization)
    taken_at = BreakdownSnapshot.objects.get(organization=organization).taken_at
    page = _dashboard(client, committee_user, municipality)
    assert _graduate_mentors(page) == 1
    assert page.context["breakdowns_counted_at"] == taken_at
    shown = timezone.localtime(taken_at).strftime("%H:%M")
    assert f"По данным на {shown}" in page.content.decode()

    # A new mentor is not counted on the page until the next recount: the page counts nobody.
    ParticipantFactory(organization=organization, category="graduate", programme_role="mentor")
    assert _graduate_mentors(_dashboard(client, committee_user, municipality)) == 1
    _recount(organization)
    page = _dashboard(client, committee_user, municipality)
    assert _graduate_mentors(page) == 2
    assert page.context["breakdowns_counted_at"] > taken_at
    # The organisation's aggregate page and the xlsx read the same snapshot.
    aggregate = _aggregate(client, committee_user, organization)
    assert aggregate.context["data"]["counts"]["origins"]["graduates"] == 2
    assert aggregate.context["data"]["breakdowns_counted_at"] == page.context["breakdowns_counted_at"]
    ParticipantFactory(organization=organization, category="graduate", programme_role="mentor")
    export = client.get(
        reverse("committee_monitoring:export", kwargs={"municipality_slug": municipality.slug})
    )
    rows = [
        [cell.value for cell in row] for row in load_workbook(BytesIO(export.content))["Разрезы"].iter_rows()
    ]
    shown = timezone.localtime(page.context["breakdowns_counted_at"])
    assert rows[0][0] == f"Разрезы муниципалитета по данным на {shown:%d.%m.%Y %H:%M}"
    assert ["выпускники", 2] in rows


def test_an_organisation_without_a_snapshot_yet_is_counted_live_once_per_view(
    client, tenant_a, committee_user
):
    organization, municipality = tenant_a.organization, tenant_a.organization.municipality
    ParticipantFactory(organization=organization, category="graduate", programme_role="mentor")
    newcomer = make_tenant(municipality=municipality)
    ParticipantFactory(organization=newcomer.organization, category="graduate", programme_role="mentor")
    _recount(organization)  # the newcomer came after the last recount
    before = timezone.now()
    page = _dashboard(client, committee_user, municipality)
    # Both counted, the newcomer live: the figures are whole, the time is the oldest, the snapshot's.
    assert _graduate_mentors(page) == 2
    assert page.context["breakdowns_counted_at"] < before
    assert not BreakdownSnapshot.objects.filter(organization=newcomer.organization).exists()
    # Nothing recorded at all (the beat has not run since the deploy): live, counted now.
    BreakdownSnapshot.objects.all().delete()
    MunicipalitySnapshot.objects.all().delete()
    page = _dashboard(client, committee_user, municipality)
    assert _graduate_mentors(page) == 2
    assert page.context["breakdowns_counted_at"] >= before
    assert 'data-testid="breakdowns-counted-at"' in page.content.decode()


def test_a_past_year_shows_its_quarters_snapshot_or_says_none_was_recorded(client, tenant_a, committee_user):
    organization, municipality = tenant_a.organization, tenant_a.organization.municipality
    year = {"year": "2025/26", "against": "2024/25"}  # read on 30 June 2026, its quarter 2026-Q2
    page = _dashboard(client, committee_user, municipality, **year)
    assert not page.context["breakdowns_recorded"] and page.context["breakdowns_counted_at"] is None
    assert 'data-testid="breakdowns-not-recorded"' in page.content.decode()
    aggregate = _aggregate(client, committee_user, organization, **year)
    assert aggregate.context["data"]["breakdowns"] is None
    assert 'data-testid="breakdowns-not-recorded"' in aggregate.content.decode()

    ParticipantFactory(organization=organization, category="graduate", programme_role="mentor")
    services.snapshots_take(organization_ids=[organization.pk], day=date(2026, 6, 30))
    page = _dashboard(client, committee_user, municipality, **year)
    assert page.context["breakdowns_recorded"] and _graduate_mentors(page) == 1
    taken = timezone.localtime(page.context["breakdowns_counted_at"])
    if taken.date() != timezone.localdate():
        assert f"По данным на {taken:%d.%m.%Y %H:%M}" in page.content.decode()
    # Today's people are not that quarter's: a mentor added since does not change it.
    ParticipantFactory(organization=organization, category="graduate", programme_role="mentor")
    assert _graduate_mentors(_dashboard(client, committee_user, municipality, **year)) == 1


def test_inclusion_groups_are_stored_withheld_under_three(tenant_a):
    organization = tenant_a.organization
    for index in range(4):
        person = ParticipantFactory(organization=organization, category="student")
        consent = ConsentFactory(participant=person, given_by="representative", signed_on=date(2026, 9, 1))
        SensitiveAttributes.objects.create(
            participant=person, consent=consent, consent_scope=consent.scope, disability=True, rural=index < 2
        )
    _recount(organization)
    stored = BreakdownSnapshot.objects.get(organization=organization).counts["inclusion"]
    # The two rural pupils are never stored as a number: the snapshot holds what others may see.
    assert stored == {"disability": 4, "difficult_situation": 0, "low_income": 0, "rural": None}


def test_the_snapshot_equals_the_live_count_on_the_demo_data(client, tenant_a, committee_user):
    """Two demo organisations (their participants, consents, programmes, pairs and sensitive
    attributes), beside the test's own: the dashboard's and the aggregate page's breakdowns
    are the live count's, figure for figure."""
    municipality = tenant_a.organization.municipality
    organizations = [tenant_a.organization]
    for spec in ORGANIZATIONS[:2]:
        tenant = make_tenant(municipality=municipality, slug=spec.slug, kind=spec.kind)
        for user, role in ((tenant.curator, "curator"), (tenant.mentor, "mentor")):
            user.username = f"{role}-{spec.slug}"  # the demo plays the curator's autumn as them
            user.save()
        organization = tenant.organization
        load_demo_participants(organization=organization)
        load_demo_pairs(organization=organization)
        organizations.append(organization)
    people = list(Participant.objects.filter(organization=organizations[1], category="student")[:5])
    for person in people:
        consent = ConsentFactory(participant=person, given_by="representative", signed_on=date(2026, 9, 1))
        SensitiveAttributes.objects.create(
            participant=person, consent=consent, consent_scope=consent.scope, low_income=True, rural=True
        )
    today = timezone.localdate()
    live = breakdowns.counts([o.pk for o in organizations], today)
    assert sum(sum(found["forms"].values()) for found in live.values()) > 10  # the demo's enrolments
    _recount(*organizations)

    page = _dashboard(client, committee_user, municipality)
    assert page.context["breakdowns"] == breakdowns.labelled(breakdowns.totals(live))
    assert page.context["pupils_share"] == breakdowns.pupils_share(breakdowns.totals(live))
    for organization in organizations:
        aggregate = _aggregate(client, committee_user, organization)
        assert aggregate.context["data"]["counts"] == live[organization.pk]


@pytest.mark.usefixtures("pairs_seeded")
def test_the_dashboard_counts_no_participant_and_keeps_its_queries_as_the_municipality_grows(
    client, tenant_a, committee_user, django_assert_max_num_queries
):
    municipality = tenant_a.organization.municipality

    _recount(*municipality.organizations.all())
    _dashboard(client, committee_user, municipality)
    with django_assert_max_num_queries(40) as one:
        _dashboard(client, committee_user, municipality)
    # The breakdowns (summed, the municipality's snapshot) and the page's satisfaction come from
    # snapshots, a query each: no enrolment, sensitive attribute or survey answer is read.
    sql = [query["sql"] for query in one.captured_queries]
    assert len([q for q in sql if "monitoring_breakdownsnapshot" in q]) == 1
    assert len([q for q in sql if '"monitoring_municipalitysnapshot"."breakdowns"' in q]) == 1
    read = ("pairs_enrollment", "participants_sensitiveattributes", "surveys_surveyanswer")
    assert not [q for q in sql if any(table in q for table in read)]
    for _ in range(6):
        make_tenant(municipality=municipality)
    _recount(*municipality.organizations.all())
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = _dashboard(client, committee_user, municipality)
    assert len(page.context["overview"]["rows"]) == 7


def test_a_change_in_points_is_written_signed_and_coloured():
    from apps.monitoring.templatetags.monitoring import points_change

    assert points_change(None) == "—" and points_change(0) == "0"
    assert points_change(25) == '<span class="text-success">+25</span>'
    assert points_change(-3) == '<span class="text-danger">−3</span>'


def test_the_breakdowns_summed_in_sql_equal_those_added_up_per_organisation(tenant_a):
    """Two organisations with their snapshot (one of them with inclusion groups withheld
    under three), one without (counted live): the sum PostgreSQL makes is `totals` of the rows."""
    municipality = tenant_a.organization.municipality
    others = [make_tenant(municipality=municipality).organization for _ in range(2)]
    organizations = [tenant_a.organization, *others]
    for organization in organizations:
        ParticipantFactory.create_batch(4, organization=organization, category="student")
    person = Participant.objects.filter(organization=others[0]).first()
    consent = ConsentFactory(participant=person, given_by="representative", signed_on=date(2026, 9, 1))
    SensitiveAttributes.objects.create(
        participant=person, consent=consent, consent_scope=consent.scope, rural=True
    )
    _recount(tenant_a.organization, others[0])
    today = timezone.localdate()
    ids = [o.pk for o in organizations]
    found, counted_at = breakdowns.recorded(ids, today, today)
    summed, summed_at, anything = breakdowns.recorded_sum(ids, today, today)
    assert summed == breakdowns.totals(found) and anything
    assert sum(summed["categories"].values()) >= 12  # the tenants' own people besides
    stored = BreakdownSnapshot.objects.filter(organization_id__in=ids[:2], period=quarter_of(today))
    oldest = min(stored.values_list("taken_at", flat=True))
    assert summed_at == oldest and counted_at == oldest
    # all recorded: the same without the live count
    _recount(others[1])
    found, counted_at = breakdowns.recorded(ids, today, today)
    summed, summed_at, anything = breakdowns.recorded_sum(ids, today, today)
    assert summed == breakdowns.totals(found) and summed_at == counted_at
    # a past quarter with nothing recorded
    assert breakdowns.recorded_sum(ids, date(2020, 1, 15), today) == (breakdowns.totals({}), None, False)


def test_the_satisfaction_column_is_the_hourly_recounts_withheld_under_three(
    client, tenant_a, committee_user
):
    from apps.surveys import services as survey_services
    from apps.surveys.models import SurveyForm
    from tests.surveys.conftest import build_programme, respond

    organization = tenant_a.organization
    survey_services.forms_create_standard(organization)
    form = SurveyForm.objects.get(organization=organization, kind=SurveyForm.Kind.MENTEE_SATISFACTION)
    built = build_programme(organization, mentees=4)

    def column():
        page = _dashboard(client, committee_user, organization.municipality)
        (row,) = [r for r in page.context["overview"]["rows"] if r["organization"] == organization]
        return row["satisfaction"]

    for mentee in built.mentees[:2]:
        respond(form, built.programme, mentee, "mentee")
    _recount(organization)
    stored = BreakdownSnapshot.objects.get(organization=organization).satisfaction
    assert stored["responses"] == 2 and stored["average"] is None  # two answers: withheld, also when stored

    respond(form, built.programme, built.mentees[2], "mentee")
    _recount(organization)
    respond(form, built.programme, built.mentees[3], "mentee")
    assert column() == {"responses": 3, "average": 5.0}  # the recount's, not a live count
    _recount(organization)
    assert column() == {"responses": 4, "average": 5.0}

    # A figure of another academic year (a quarter spans 1 September) is not read: counted live.
    snapshot = BreakdownSnapshot.objects.get(organization=organization)
    snapshot.satisfaction = {"responses": 99, "average": 1.0, "since": "2000-09-01"}
    snapshot.save()
    assert column() == {"responses": 4, "average": 5.0}
