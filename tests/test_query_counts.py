"""Pages keep a constant number of queries as data grows."""

import pytest
from django.urls import reverse

from apps.organizations.roles import Role
from tests.conftest import make_tenant
from tests.factories import MembershipFactory, OrganizationFactory

# Session, user, membership, workplaces (2), the page's own reads, savepoints of
# ATOMIC_REQUESTS and the session save: the same for 5 rows or 200.
MAX_QUERIES = 12


@pytest.mark.parametrize("extra_members", [0, 200])
@pytest.mark.parametrize("name", ["organizations:home", "organizations:members", "audit:log"])
def test_organization_pages(client, tenant_a, django_assert_max_num_queries, extra_members, name):
    for _ in range(extra_members):
        MembershipFactory(organization=tenant_a.organization, role=Role.MENTOR)
    client.force_login(tenant_a.director)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse(name, kwargs={"org_slug": tenant_a.organization.slug}))
    assert response.status_code == 200


@pytest.mark.parametrize("extra_organizations", [0, 50])
def test_committee_dashboard(
    client, tenant_a, committee_user, django_assert_max_num_queries, extra_organizations
):
    municipality = tenant_a.organization.municipality
    for _ in range(extra_organizations):
        make_tenant(municipality=municipality)
    client.force_login(committee_user)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(municipality.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["organizations"]) == extra_organizations + 1


def test_workplace_switcher_of_a_user_in_many_organizations(client, tenant_a, django_assert_max_num_queries):
    for _ in range(30):
        MembershipFactory(user=tenant_a.curator, organization=OrganizationFactory())
    client.force_login(tenant_a.curator)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse("organizations:home", kwargs={"org_slug": tenant_a.organization.slug}))
    assert len(response.context["workplaces"]) == 31
