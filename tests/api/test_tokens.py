"""Tokens: hashed, expiring, scoped to one workplace; the tenant rule of the pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.api.models import ApiToken
from apps.api.tokens import secret_hash
from apps.audit.models import AuditEntry

from .conftest import client_with, token_for


def _participants_url(organization):
    return reverse("api:participants", kwargs={"org_slug": organization.slug})


def test_it_stores_only_the_hash(tenant_a):
    secret = token_for(tenant_a.curator, organization=tenant_a.organization)
    token = ApiToken.objects.get()
    assert token.key_hash == secret_hash(secret) and secret not in (token.key_hash, token.prefix)
    assert AuditEntry.objects.filter(action="api.token_created", organization=tenant_a.organization).exists()


def test_it_answers_401_without_or_with_a_bad_token(client, tenant_a):
    url = _participants_url(tenant_a.organization)
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert client_with("mpt_nonsense").get(url).status_code == 401


def test_an_expired_or_revoked_token_is_refused(tenant_a):
    secret = token_for(tenant_a.curator, organization=tenant_a.organization)
    url = _participants_url(tenant_a.organization)
    assert client_with(secret).get(url).status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client_with(secret).get(url).status_code == 401
    ApiToken.objects.update(expires_at=timezone.now() + timedelta(days=1), revoked_at=timezone.now())
    assert client_with(secret).get(url).status_code == 401


def test_outsiders_get_404_and_a_missing_right_403(tenant_a, tenant_b):
    # The token of A's curator on B's URL: 404, as the pages answer.
    curator = client_with(token_for(tenant_a.curator, organization=tenant_a.organization))
    assert curator.get(_participants_url(tenant_b.organization)).status_code == 404
    # A mentor sees no registry: 403.
    mentor = client_with(token_for(tenant_a.mentor, organization=tenant_a.organization))
    assert mentor.get(_participants_url(tenant_a.organization)).status_code == 403


def test_a_person_who_left_loses_the_api_too(tenant_a):
    secret = token_for(tenant_a.curator, organization=tenant_a.organization)
    tenant_a.curator.memberships.update(is_active=False)
    assert client_with(secret).get(_participants_url(tenant_a.organization)).status_code == 404


def test_a_read_token_cannot_write(tenant_a):
    reader = client_with(token_for(tenant_a.curator, organization=tenant_a.organization, scopes=("read",)))
    response = reader.post(_participants_url(tenant_a.organization), {"last_name": "Новикова"}, format="json")
    assert response.status_code == 403


def test_a_committee_token_only_reads(tenant_a, committee_user):
    with pytest.raises(ValidationError) as refused:
        token_for(committee_user, municipality=tenant_a.organization.municipality, scopes=("read", "write"))
    assert "scopes" in refused.value.message_dict


def test_the_profile_page_creates_shows_once_and_revokes(client, tenant_a):
    client.force_login(tenant_a.curator)
    url = reverse("api_tokens:list")
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {"name": "ШИС", "workplace": f"o:{tenant_a.organization.pk}", "scopes": ["read"], "days": 30},
    )
    body = response.content.decode()
    token = ApiToken.objects.get(user=tenant_a.curator)
    assert token.prefix in body and 'data-testid="token-secret"' in body
    assert 'data-testid="token-secret"' not in client.get(url).content.decode()
    client.post(reverse("api_tokens:revoke", kwargs={"token_id": token.pk}))
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="api.token_revoked").count() == 1


def test_nobody_revokes_another_persons_token(client, tenant_a):
    token_for(tenant_a.curator, organization=tenant_a.organization)
    client.force_login(tenant_a.director)
    token = ApiToken.objects.get()
    assert client.post(reverse("api_tokens:revoke", kwargs={"token_id": token.pk})).status_code == 404
