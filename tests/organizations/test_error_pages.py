"""Error pages carry no menus: a 404 or 403 reads nothing for them (a probe of many URLs stays
cheap), while every other page shows the person's workplaces."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CommitteeMembershipFactory


def _workplace_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if "organizations_committeemembership" in q["sql"]]


def test_a_404_reads_and_shows_no_workplaces(client, tenant_a, tenant_b):
    CommitteeMembershipFactory(user=tenant_a.curator, municipality=tenant_a.organization.municipality)
    client.force_login(tenant_a.curator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/o/{tenant_b.organization.slug}/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "workplace-switcher" not in body and "Страница не найдена" in body
    assert _workplace_reads(queries) == []


def test_a_403_reads_and_shows_no_workplaces(client, tenant_a):
    client.force_login(tenant_a.mentor)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/o/{tenant_a.organization.slug}/audit/")
    assert response.status_code == 403
    assert "workplace-switcher" not in response.content.decode()
    assert _workplace_reads(queries) == []


def test_a_page_shows_the_workplaces_read_once(client, tenant_a):
    CommitteeMembershipFactory(user=tenant_a.curator, municipality=tenant_a.organization.municipality)
    client.force_login(tenant_a.curator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/o/{tenant_a.organization.slug}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "workplace-switcher" in body and tenant_a.organization.municipality.committee_name in body
    assert len(_workplace_reads(queries)) == 1
