import time

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
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
        if getattr(response, "public_cache", False) and settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # A public page (apps.public) to a visitor: its own Cache-Control stands, and the
            # session is not read (reading it would add `Vary: Cookie`).
            return response
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


# How often an active session is written back to extend its idle timeout.
SESSION_REFRESH_SECONDS = 60


class SessionIdleRefreshMiddleware:
    """A session ends after SESSION_COOKIE_AGE of inactivity; each save restarts that clock.

    Django's SESSION_SAVE_EVERY_REQUEST writes the session row on every request: a database
    write and a commit per page view. Here an active session is written at most once a
    minute, so the idle timeout is kept within a minute, and reading a page writes nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get("active_at", 0) >= SESSION_REFRESH_SECONDS:
                session["active_at"] = now
        return response


class ViewFirstLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, asking the view before the user: a page open to
    everyone (login_not_required) then never loads the session, so a public page
    (apps.public) answers a visitor without `Vary: Cookie` and a shared cache may keep it."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
