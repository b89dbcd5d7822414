from django.urls import reverse

from apps.organizations.models import Membership
from apps.organizations.roles import Role
from tests.conftest import make_tenant


def test_the_committee_sees_counts_of_its_organizations_and_no_names(client, tenant_a, committee_user):
    sibling = make_tenant(municipality=tenant_a.organization.municipality, short_name="МБОУ «Школа Гамма»")
    Membership.objects.filter(organization=sibling.organization, role=Role.CURATOR).delete()
    client.force_login(committee_user)
    page = client.get(tenant_a.organization.municipality.get_absolute_url())
    rows = {o.short_name: o for o in page.context["organizations"]}
    assert set(rows) == {"МБОУ «Школа Альфа»", "МБОУ «Школа Гамма»"}
    assert (rows["МБОУ «Школа Альфа»"].curator_count, rows["МБОУ «Школа Гамма»"].curator_count) == (1, 0)
    body = page.content.decode()
    for person in (tenant_a.director, tenant_a.curator, sibling.mentor):
        assert person.last_name not in body
        assert person.username not in body


def test_the_committee_of_another_municipality_sees_nothing(client, tenant_a, tenant_b, committee_user):
    client.force_login(committee_user)
    page = client.get(tenant_a.organization.municipality.get_absolute_url())
    assert tenant_b.organization.short_name not in page.content.decode()
    other = reverse(
        "committee:dashboard", kwargs={"municipality_slug": tenant_b.organization.municipality.slug}
    )
    assert client.get(other).status_code == 404
