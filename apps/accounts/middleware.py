from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    """Pages shown to a signed-in user may carry personal data: no cache may keep them.

    Downloads too: a FileResponse is streamed, and the headers are set before its body is
    read, so streamed responses get the same header (they used to be skipped).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class RussianFirstLocaleMiddleware(LocaleMiddleware):
    """The portal speaks Russian unless the person chose another language.

    Django's LocaleMiddleware would follow the browser's Accept-Language; many
    school computers are set to English, yet their users expect Russian.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()
