"""Who opens a document's pages: a committee only what its municipality itself owns, an
organisation's people only the kinds they may read; anything else is the same 404 as an id
that does not exist, so ids cannot be probed."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from apps.documents.models import Document

pytestmark = pytest.mark.usefixtures("module_world")  # tenant_a, tenant_b: the module's world


def _committee_url(name, tenant, document):
    return reverse(
        f"committee_documents:{name}",
        kwargs={"municipality_slug": tenant.organization.municipality.slug, "document_id": document.pk},
    )


def _documents(tenant):
    with scopes_disabled():
        return {
            "own": Document.objects.get(organization=None, municipality=tenant.organization.municipality),
            "roadmap": Document.objects.get(organization=tenant.organization, kind="roadmap"),
            "order": Document.objects.get(organization=tenant.organization, kind="order"),
        }


def test_the_committee_opens_its_municipalitys_own_document(client, tenant_a, committee_user):
    client.force_login(committee_user)
    own = _documents(tenant_a)["own"]
    assert client.get(_committee_url("status", tenant_a, own)).status_code == 200
    download = client.get(_committee_url("download", tenant_a, own))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("kind", ["roadmap", "order"])
def test_the_committee_never_opens_an_organisations_document(client, tenant_a, committee_user, kind):
    client.force_login(committee_user)
    document = _documents(tenant_a)[kind]
    assert client.get(_committee_url("status", tenant_a, document)).status_code == 404
    assert client.get(_committee_url("download", tenant_a, document)).status_code == 404
    assert client.post(_committee_url("retry", tenant_a, document)).status_code == 404


def test_a_kind_the_person_may_not_read_is_a_404_not_a_403(client, tenant_a):
    """A mentor reads no roadmap: its PDF answers as a document that does not exist."""
    roadmap_document = _documents(tenant_a)["roadmap"]
    client.force_login(tenant_a.mentor)
    for name in ("status", "download"):
        url = reverse(
            f"documents:{name}",
            kwargs={"org_slug": tenant_a.organization.slug, "document_id": roadmap_document.pk},
        )
        assert client.get(url).status_code == 404
    missing = reverse(
        "documents:status", kwargs={"org_slug": tenant_a.organization.slug, "document_id": 10**9}
    )
    assert client.get(missing).status_code == 404
