"""Error pages carry no menus, only who is signed in and the way out: a 404 or 403 reads
nothing for them (a probe of many URLs stays cheap), while every other page shows the
person's workplaces."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CommitteeMembershipFactory


def _get(client, person, url):
    """The response, its page and the reads of the person's workplaces it made."""
    client.force_login(person)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    workplace_reads = [q["sql"] for q in queries if "organizations_committeemembership" in q["sql"]]
    return response, response.content.decode(), workplace_reads


def test_a_404_reads_and_shows_no_workplaces(client, tenant_a, tenant_b):
    CommitteeMembershipFactory(user=tenant_a.curator, municipality=tenant_a.organization.municipality)
    response, body, reads = _get(client, tenant_a.curator, f"/o/{tenant_b.organization.slug}/")
    assert response.status_code == 404
    assert "workplace-switcher" not in body and "Страница не найдена" in body
    assert 'data-testid="error-sign-out"' in body and "Выйти" in body
    assert reads == []


def test_a_403_reads_and_shows_no_workplaces(client, tenant_a):
    response, body, reads = _get(client, tenant_a.mentor, f"/o/{tenant_a.organization.slug}/audit/")
    assert response.status_code == 403
    assert "workplace-switcher" not in body
    assert reads == []


def test_a_page_shows_the_workplaces_read_once(client, tenant_a):
    municipality = tenant_a.organization.municipality
    CommitteeMembershipFactory(user=tenant_a.curator, municipality=municipality)
    response, body, reads = _get(client, tenant_a.curator, f"/o/{tenant_a.organization.slug}/")
    assert response.status_code == 200
    assert "workplace-switcher" in body and municipality.committee_name in body
    assert len(reads) == 1
