"""Pages keep a constant number of queries as data grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.organizations.roles import Role
from tests.conftest import make_tenant
from tests.factories import MembershipFactory, OrganizationFactory

# Session, user, membership, workplaces (2), the unread notifications, the page's own reads
# (the home page's: one per rule of what to do next, and the person's roadmap activities),
# savepoints of ATOMIC_REQUESTS and the session save (4): the same for 5 rows or 200.
MAX_QUERIES = 17
# The home page reads, besides, the committee's items the organisation has not closed yet.
MAX_QUERIES_BY_PAGE = {"organizations:home": MAX_QUERIES + 1}


@pytest.mark.parametrize("extra_members", [0, 200])
@pytest.mark.parametrize("name", ["organizations:home", "organizations:members", "audit:log"])
def test_organization_pages(client, tenant_a, django_assert_max_num_queries, extra_members, name):
    for _ in range(extra_members):
        MembershipFactory(organization=tenant_a.organization, role=Role.MENTOR)
    client.force_login(tenant_a.director)
    with django_assert_max_num_queries(MAX_QUERIES_BY_PAGE.get(name, MAX_QUERIES)):
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


@pytest.mark.parametrize("role", ["director", "curator", "staff", "mentor"])
def test_home_and_switcher_of_a_user_in_many_organizations(client, tenant_a, role):
    """The home page of every role, with its rules of what to do next, costs the same
    number of queries for a user of one organisation and of thirty-one."""
    user = tenant_a.member(role)
    url = reverse("organizations:home", kwargs={"org_slug": tenant_a.organization.slug})
    client.force_login(user)
    client.get(url)  # warm up: the content types and the like are cached after the first request
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(30):
        MembershipFactory(user=user, organization=OrganizationFactory())
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["workplaces"]) == 31
    assert len(many.captured_queries) == len(one.captured_queries) <= MAX_QUERIES + 4
