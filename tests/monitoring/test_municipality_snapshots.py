"""The municipality's hourly snapshot: the recount sums its organisations' snapshots per
quarter (and the running quarter's breakdowns), the committee's dashboard reads those rows,
and what it shows is what summing the organisations' snapshots on the request showed."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from apps.demo.monitoring import load_demo_history
from apps.monitoring import services
from apps.monitoring.models import MunicipalitySnapshot, TargetSnapshot
from apps.monitoring.periods import last_quarters, quarter_of
from apps.monitoring.selectors import STORED_QUARTERS
from tests.conftest import make_tenant
from tests.factories import ParticipantFactory


def _dashboard(client, committee_user, municipality):
    client.force_login(committee_user)
    url = reverse("committee_monitoring:dashboard", kwargs={"municipality_slug": municipality.slug})
    return client.get(url)


def _shown(page) -> dict:
    """What the dashboard shows of the municipality as a whole."""
    context = page.context
    return {
        "totals": [(v.target.code, v.numerator, v.denominator) for v in context["overview"]["totals"]],
        "trend": context["overview"]["total_trend"],
        "year_on_year": [
            (item["this"].percent, item["last"].percent if item["last"] else None, item["change"])
            for item in context["comparison"]["totals"]
        ],
        "breakdowns": context["breakdowns"],
        "pupils_share": context["pupils_share"],
        "young": context["overview"]["young_specialists"],
    }


def _recount(*organizations, day=None):
    services.snapshots_take(organization_ids=[o.pk for o in organizations], day=day or timezone.localdate())


def test_the_recount_sums_each_quarter_of_the_municipality_and_the_dashboard_shows_the_same(
    client, tenant_a, committee_user
):
    municipality = tenant_a.organization.municipality
    second = make_tenant(municipality=municipality).organization
    ParticipantFactory(organization=second, category="graduate", programme_role="mentor")
    _recount(tenant_a.organization, second)
    load_demo_history(organizations=[tenant_a.organization, second])  # past quarters, summed again after

    today = timezone.localdate()
    rows = {row.period: row for row in MunicipalitySnapshot.objects.filter(municipality=municipality)}
    assert set(rows) == set(last_quarters(today, STORED_QUARTERS))
    running = rows[quarter_of(today)]
    for code, numbers in running.targets.items():
        stored = TargetSnapshot.objects.filter(period=running.period, code=code)
        assert numbers["numerator"] == sum(s.numerator for s in stored)
        assert numbers["denominator"] == sum(s.denominator for s in stored)
        assert numbers["organizations"] == 2
    assert len([row for row in rows.values() if row.targets]) > 1, "the demo's history made past quarters"
    assert running.breakdowns["found"] and running.breakdowns["summed"]["origins"]["graduates"] == 1

    read = _shown(_dashboard(client, committee_user, municipality))
    MunicipalitySnapshot.objects.all().delete()  # now summed on the request, as before
    assert _shown(_dashboard(client, committee_user, municipality)) == read
    assert dict(read["breakdowns"]["origins"])["выпускники"] == 1


def test_an_organisation_added_since_the_recount_is_counted_not_hidden(client, tenant_a, committee_user):
    municipality = tenant_a.organization.municipality
    _recount(tenant_a.organization)
    newcomer = make_tenant(municipality=municipality).organization
    ParticipantFactory(organization=newcomer, category="graduate", programme_role="mentor")
    # The snapshot summed A alone: the dashboard sums A's snapshot and counts the newcomer live.
    page = _dashboard(client, committee_user, municipality)
    assert dict(page.context["breakdowns"]["origins"])["выпускники"] == 1
    assert len(page.context["overview"]["rows"]) == 2
    assert page.context["overview"]["taken_at"] is None  # not all of it from the recount


def test_a_closed_quarter_keeps_the_breakdowns_counted_while_it_ran(tenant_a):
    organization = tenant_a.organization
    ParticipantFactory(organization=organization, category="graduate", programme_role="mentor")
    _recount(organization, day=date(2026, 9, 15))
    before = MunicipalitySnapshot.objects.get(period="2026-Q3")
    assert before.breakdowns["summed"]["origins"]["graduates"] == 1
    ParticipantFactory(organization=organization, category="graduate", programme_role="mentor")
    _recount(organization, day=date(2026, 10, 15))  # the next quarter's first recount
    after = MunicipalitySnapshot.objects.get(period="2026-Q3")
    assert after.breakdowns == before.breakdowns
    running = MunicipalitySnapshot.objects.get(period="2026-Q4")
    assert running.breakdowns["summed"]["origins"]["graduates"] == 2
