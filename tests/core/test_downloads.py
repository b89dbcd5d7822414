"""A stored file the storage no longer has (a server restored without its media): the page
says so with a 404, the operators' log names the row but not the file (its name may carry a
person's name), and nothing answers with a server error."""

import logging

from django.urls import reverse

from tests.partners.helpers import agreement, partner


def test_a_scan_missing_from_storage_answers_a_page_that_says_so(client, tenant_a, caplog):
    row = partner(tenant_a)
    made = agreement(tenant_a, row, scan=True)
    url = reverse(
        "partners:agreement_scan",
        kwargs={"org_slug": tenant_a.organization.slug, "partner_id": row.pk, "agreement_id": made.pk},
    )
    client.force_login(tenant_a.curator)
    assert client.get(url).status_code == 200

    made.scan.storage.delete(made.scan.name)
    with caplog.at_level(logging.ERROR, logger="apps.core.downloads"):
        response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-testid="file-missing"' in page and "больше нет на сервере" in page
    assert 'data-testid="error-sign-out"' in page  # the request's context: still signed in
    [record] = [r for r in caplog.records if r.name == "apps.core.downloads"]
    assert f"partners.Agreement {made.pk}" in record.getMessage()
    assert made.scan.name.rsplit("/", 1)[-1] not in record.getMessage()


def test_a_page_that_does_not_exist_keeps_its_own_message(client, tenant_a):
    client.force_login(tenant_a.curator)
    response = client.get(f"/o/{tenant_a.organization.slug}/partners/999999/")
    assert response.status_code == 404
    assert 'data-testid="file-missing"' not in response.content.decode()
