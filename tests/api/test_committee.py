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
