"""The rate limit per token, counted in Redis: 429 with Retry-After, another token unaffected."""

from django.core.cache import caches
from django.urls import reverse

from .conftest import client_with, token_for


def test_it_answers_429_with_retry_after_per_token(tenant_a, settings):
    settings.API_RATE_LIMIT = 3
    url = reverse("api:programmes", kwargs={"org_slug": "alpha"})
    first = client_with(token_for(tenant_a.curator, organization=tenant_a.organization))
    assert [first.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= settings.API_RATE_WINDOW
    second = client_with(token_for(tenant_a.curator, organization=tenant_a.organization))
    assert second.get(url).status_code == 200


def test_the_counter_lives_in_redis(settings):
    assert caches["api"].__class__.__name__ == "RedisCache"
