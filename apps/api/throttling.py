"""A rate limit per token: a fixed window counted in Redis (the `api` cache), answered with
429 and `Retry-After` (the seconds left in the window)."""

import time

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import BaseThrottle


class TokenRateThrottle(BaseThrottle):
    def allow_request(self, request, view):
        token = request.auth
        if token is None:
            return True
        limit, window = settings.API_RATE_LIMIT, settings.API_RATE_WINDOW
        now = int(time.time())
        started = now - now % window
        key = f"api:rate:{token.pk}:{started}"
        cache = caches["api"]
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.add(key, 1, timeout=window + 1)
            count = 1
        self._wait = started + window - now
        return count <= limit

    def wait(self):
        return max(self._wait, 1)
