"""A committee's token: aggregates of its organisations, no personal data, nothing else."""

from django.urls import reverse

from apps.participants.models import Participant


def _url(tenant, name):
    return reverse(f"api:{name}", kwargs={"municipality_slug": tenant.organization.municipality.slug})


def test_targets_per_organisation_and_period(committee_api, tenant_a):
    response = committee_api.get(_url(tenant_a, "committee_targets"), {"period": "2026"})
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == "2026"
    assert [row["name"] for row in body["organizations"]] == [tenant_a.organization.short_name]
    codes = [t["code"] for t in body["totals"]]
    assert "consents" in codes and "in_pairs" in codes
    young = next(t for t in body["totals"] if t["code"] == "young_mentored")
    assert young["threshold"] == 100 and young["state"] == "none"  # no young specialists in the bank


def test_the_monitoring_form_is_aggregates_only(committee_api, tenant_a):
    response = committee_api.get(_url(tenant_a, "committee_monitoring_form"))
    assert response.status_code == 200
    body = response.content.decode()
    for participant in Participant.objects.filter(organization=tenant_a.organization):
        assert participant.last_name not in body
    assert response.json()["organizations"] == 1


def test_a_bad_period_is_a_clear_400(committee_api, tenant_a):
    response = committee_api.get(_url(tenant_a, "committee_targets"), {"period": "прошлый год"})
    assert response.status_code == 400 and "period" in response.json()


def test_a_committee_token_reads_no_organisation(committee_api, tenant_a, tenant_b):
    url = reverse("api:participants", kwargs={"org_slug": tenant_a.organization.slug})
    assert committee_api.get(url).status_code == 404
    assert committee_api.get(_url(tenant_b, "committee_targets")).status_code == 404


def test_an_organisations_token_reads_no_committee(curator_api, tenant_a):
    assert curator_api.get(_url(tenant_a, "committee_targets")).status_code == 404


def test_the_breakdowns_per_organisation_are_counts_only(committee_api, tenant_a):
    response = committee_api.get(_url(tenant_a, "committee_breakdowns"), {"period": "2026/27"})
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == "2026/27"
    (row,) = body["organizations"]
    assert row["name"] == tenant_a.organization.short_name
    assert set(row["breakdowns"]) == {
        "forms", "categories", "ages", "origins", "pupils_10_18", "pupils_headcount", "inclusion"
    }  # fmt: skip
    assert set(body["totals"]["inclusion"]) == {"disability", "difficult_situation", "low_income", "rural"}
    text = response.content.decode()
    for participant in Participant.objects.filter(organization=tenant_a.organization):
        assert participant.last_name not in text


def test_the_regional_form_of_the_municipalitys_region_as_json(committee_api, tenant_a, tenant_b):
    from tests.test_isolation import region_of

    region = region_of(tenant_a)
    indicator_set = region.indicator_sets.first()
    url = reverse(
        "api:committee_regional_form",
        kwargs={"municipality_slug": tenant_a.organization.municipality.slug, "set_id": indicator_set.pk},
    )
    response = committee_api.get(url, {"period": "2026"})
    assert response.status_code == 200
    body = response.json()
    assert body["indicator_set"] == indicator_set.title and body["period"] == "2026"
    assert len(body["indicators"]) == indicator_set.indicators.count()
    assert {row["state"] for row in body["indicators"]} <= {"green", "amber", "red", "none"}
    # Another region's form is the same 404 as one that does not exist.
    other = region_of(tenant_b).indicator_sets.first()
    elsewhere = reverse(
        "api:committee_regional_form",
        kwargs={"municipality_slug": tenant_a.organization.municipality.slug, "set_id": other.pk},
    )
    assert committee_api.get(elsewhere).status_code == 404
