from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    """Pages shown to a signed-in user may carry personal data: no cache may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not getattr(response, "streaming", False):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
