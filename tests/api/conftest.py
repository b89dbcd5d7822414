import pytest
from rest_framework.test import APIClient

from apps.api.services import api_token_create


def token_for(
    user, *, organization=None, municipality=None, region=None, scopes=("read", "write"), days=30
) -> str:
    _token, secret = api_token_create(
        user=user,
        name="ШИС",
        scopes=list(scopes),
        days=days,
        organization=organization,
        municipality=municipality,
        region=region,
    )
    return secret


def client_with(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def curator_api(tenant_a):
    return client_with(token_for(tenant_a.curator, organization=tenant_a.organization))


@pytest.fixture
def committee_api(tenant_a, committee_user):
    return client_with(
        token_for(committee_user, municipality=tenant_a.organization.municipality, scopes=("read",))
    )
