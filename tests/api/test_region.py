"""A regional centre's token (РЦН): its region's municipalities in aggregate, read only, and
nothing of any other tenant."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.api.models import ApiToken
from apps.audit.models import AuditEntry
from apps.core.scoping import owner_scope
from apps.monitoring.periods import parse_period, report_as_of
from apps.organizations.models import Municipality, RegionMembership
from apps.participants.models import Participant
from apps.regional.selectors import form_values
from tests.factories import MunicipalityFactory, OrganizationFactory, ParticipantFactory, UserFactory
from tests.test_isolation import region_of

from .conftest import client_with, token_for


@pytest.fixture
def region_a(tenant_a):
    with scopes_disabled():
        return region_of(tenant_a)


@pytest.fixture
def centre_user(region_a):
    return RegionMembership.objects.create(region=region_a, user=UserFactory(username="rcn-api")).user


@pytest.fixture
def region_api(centre_user, region_a):
    return client_with(token_for(centre_user, region=region_a, scopes=("read",)))


def _url(name, region, **kwargs):
    return reverse(f"api:{name}", kwargs={"region_slug": region.slug, **kwargs})


def _surnames(tenant):
    with scopes_disabled():
        return list(
            Participant.objects.filter(organization=tenant.organization).values_list("last_name", flat=True)
        )


def test_the_municipalities_with_targets_and_breakdowns(region_api, region_a, tenant_a):
    response = region_api.get(_url("region_municipalities", region_a), {"period": "2026/27"})
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["municipality"] == tenant_a.organization.municipality_id
    assert row["period"] == "2026/27" and row["organizations"] == 1
    assert {"consents", "in_pairs"} <= {t["code"] for t in row["targets"]}
    assert set(row["breakdowns"]["inclusion"]) == {"disability", "difficult_situation", "low_income", "rural"}
    text = response.content.decode()
    assert tenant_a.organization.short_name not in text  # municipalities only, no organisation
    for surname in _surnames(tenant_a):
        assert surname not in text


def test_the_municipalities_page_by_cursor(region_api, region_a, tenant_a):
    second = Municipality.objects.create(
        name="Яблоновский район",
        committee_name="Комитет Яблоновского района",
        slug="yablon",
        parent_region=region_a,
    )
    first_page = region_api.get(_url("region_municipalities", region_a), {"page_size": 1})
    assert first_page.status_code == 200
    body = first_page.json()
    assert [row["municipality"] for row in body["results"]] == [tenant_a.organization.municipality_id]
    following = region_api.get(body["next"]).json()
    (row,) = following["results"]
    assert row["municipality"] == second.pk and row["organizations"] == 0 and following["next"] is None


def test_the_regions_totals(region_api, region_a):
    response = region_api.get(_url("region_totals", region_a), {"period": "2026"})
    assert response.status_code == 200
    body = response.json()
    assert body["region"] == region_a.name and body["municipalities"] == 1 and body["organizations"] == 1
    assert len(body["totals"]) == len(response.json()["totals"]) > 0


def test_the_form_is_the_pages_numbers(region_api, region_a, tenant_a):
    indicator_set = region_a.indicator_sets.first()
    listed = region_api.get(_url("region_forms", region_a)).json()["results"]
    assert [form["id"] for form in listed] == [indicator_set.pk]
    response = region_api.get(_url("region_form", region_a, set_id=indicator_set.pk), {"period": "2026"})
    assert response.status_code == 200
    body = response.json()
    municipality = Municipality.objects.get(pk=tenant_a.organization.municipality_id)
    assert body["municipalities"] == [{"id": municipality.pk, "name": municipality.name}]
    # The region's page computes with the same selector: the same values, one evaluation.
    period = parse_period("2026")
    with owner_scope(region_a):
        page = form_values(indicator_set, [municipality], period, report_as_of(period, timezone.localdate()))
    assert [row["values"][0]["value"] for row in body["indicators"]] == [
        row["values"][0].shown for row in page["rows"]
    ]
    assert [row["total"]["value"] for row in body["indicators"]] == [
        row["total"].shown for row in page["rows"]
    ]
    for surname in _surnames(tenant_a):
        assert surname not in response.content.decode()


def test_reads_carry_an_etag(region_api, region_a):
    url = _url("region_municipalities", region_a)
    first = region_api.get(url)
    assert first.status_code == 200 and first["ETag"]
    assert region_api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_bad_or_future_period_is_a_400(region_api, region_a):
    assert region_api.get(_url("region_totals", region_a), {"period": "весной"}).status_code == 400
    assert region_api.get(_url("region_totals", region_a), {"period": "2099"}).status_code == 400


def test_a_regional_token_only_reads(centre_user, region_a, region_api):
    with pytest.raises(ValidationError) as refused:
        token_for(centre_user, region=region_a, scopes=("read", "write"))
    assert "scopes" in refused.value.message_dict
    # Nothing under r/ writes: any other method is refused.
    assert region_api.post(_url("region_forms", region_a), {}, format="json").status_code == 405


def test_a_regional_token_sees_no_other_tenant(region_api, region_a, tenant_a, tenant_b):
    with scopes_disabled():
        region_b = region_of(tenant_b)
    assert region_api.get(_url("region_municipalities", region_b)).status_code == 404
    form_of_b = region_b.indicator_sets.first().pk
    assert region_api.get(_url("region_form", region_a, set_id=form_of_b)).status_code == 404
    assert region_api.get(_url("region_form", region_b, set_id=form_of_b)).status_code == 404
    # Not even its own region's organisations and committees: aggregates of the region only.
    for org in (tenant_a.organization, tenant_b.organization):
        assert region_api.get(reverse("api:participants", kwargs={"org_slug": org.slug})).status_code == 404
        url = reverse("api:committee_targets", kwargs={"municipality_slug": org.municipality.slug})
        assert region_api.get(url).status_code == 404


def test_committee_and_organisation_tokens_get_404_on_the_region(committee_api, curator_api, region_a):
    for client in (committee_api, curator_api):
        assert client.get(_url("region_municipalities", region_a)).status_code == 404
        assert client.get(_url("region_totals", region_a)).status_code == 404


def test_a_centre_member_who_left_loses_the_api(centre_user, region_a, region_api):
    RegionMembership.objects.filter(user=centre_user).update(is_active=False)
    assert region_api.get(_url("region_totals", region_a)).status_code == 404


def test_the_profile_page_offers_the_regional_centre(client, centre_user, region_a):
    client.force_login(centre_user)
    url = reverse("api_tokens:list")
    assert f'value="r:{region_a.pk}"' in client.get(url).content.decode()
    refused = client.post(
        url, {"name": "РИС", "workplace": f"r:{region_a.pk}", "scopes": ["read", "write"], "days": 30}
    )
    assert "Токен регионального центра только читает данные." in refused.content.decode()
    assert not ApiToken.objects.exists()
    client.post(url, {"name": "РИС", "workplace": f"r:{region_a.pk}", "scopes": ["read"], "days": 30})
    token = ApiToken.objects.get(user=centre_user)
    assert token.region == region_a and token.scopes == ["read"]
    assert AuditEntry.objects.filter(
        action="api.token_created", organization=None, municipality=None, actor=centre_user
    ).exists()
    assert region_a.centre_name in client.get(url).content.decode()


def test_nobody_makes_a_token_for_a_region_they_are_not_in(client, tenant_a, tenant_b):
    with scopes_disabled():
        region_b = region_of(tenant_b)
    client.force_login(tenant_a.curator)
    client.post(
        reverse("api_tokens:list"),
        {"name": "x", "workplace": f"r:{region_b.pk}", "scopes": ["read"], "days": 1},
    )
    assert not ApiToken.objects.exists()


def test_a_page_of_municipalities_costs_the_same_for_more_of_them(region_api, region_a):
    url = _url("region_municipalities", region_a)
    region_api.get(url)  # the token's last use is written once
    with CaptureQueriesContext(connection) as one:
        assert region_api.get(url).status_code == 200
    with scopes_disabled():
        for name in ("Яблоновский", "Грушевский"):
            organization = OrganizationFactory(
                municipality=MunicipalityFactory(name=name, parent_region=region_a)
            )
            ParticipantFactory(organization=organization)
    with CaptureQueriesContext(connection) as three:
        response = region_api.get(url)
    assert len(response.json()["results"]) == 3
    assert len(three) == len(one)


def test_the_breakdowns_are_the_hourly_recounts_as_the_committee_reads_them(region_api, region_a, tenant_a):
    from apps.monitoring.services import snapshots_take

    def categories():
        response = region_api.get(_url("region_municipalities", region_a))
        (row,) = response.json()["results"]
        return row["breakdowns"]["categories"]

    organization = tenant_a.organization
    snapshots_take(organization_ids=[organization.pk], day=timezone.localdate())
    before = categories()
    with scopes_disabled():
        ParticipantFactory(organization=organization, category="parent", programme_role="mentor")

    assert categories() == before  # the stored count, not a live one
    snapshots_take(organization_ids=[organization.pk], day=timezone.localdate())
    after = categories()
    assert sum(after.values()) == sum(before.values()) + 1
