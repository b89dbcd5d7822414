"""How a public page answers: without sign-in, in Russian, cacheable for five minutes.

A public page is rendered without the request's context (no context processors): it reads
neither the session nor the user, so a visitor gets no session cookie and no `Vary: Cookie`,
and nothing of a signed-in person can reach a page a shared cache keeps. TenantMiddleware
leaves it alone (`tenant_resolved_by_view`): the view finds the organisation by its slug.
To a signed-in person accounts.NoStoreMiddleware still answers `no-store, private`."""

from functools import wraps
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

MAX_AGE = 300


def public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override("ru"):
            response = view(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        response.public_cache = True  # read by NoStoreMiddleware
        return response

    wrapper.tenant_resolved_by_view = True
    return login_not_required(wrapper)


def render_public(template_name: str, context: dict) -> HttpResponse:
    """Rendered without the request: no context processor reads the session or the user."""
    organization, municipality = context.get("organization"), context.get("municipality")
    if organization is not None:
        site = {
            "site_name": organization.short_name,
            "site_full_name": organization.full_name,
            "home_url": reverse("public:section", kwargs={"site_slug": organization.slug}),
        }
    else:
        site = {
            "site_name": municipality.committee_name,
            "site_full_name": municipality.name,
            "home_url": reverse("public:committee", kwargs={"committee_slug": municipality.slug}),
        }
    return HttpResponse(render_to_string(template_name, {"organization": None, **site, **context}))


def site_origin(website: str) -> str:
    """«https://school.ru/nastavnichestvo» → «https://school.ru»: what frame-ancestors names."""
    parts = urlsplit(website or "")
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname}{port}"


def allow_framing_by(response: HttpResponse, origin: str) -> HttpResponse:
    """Only the organisation's own site may frame the embeddable page; every other page of
    the portal keeps `frame-ancestors 'none'` and `X-Frame-Options: DENY`."""
    if origin:
        response.xframe_options_exempt = True
        response._csp_replace = {"frame-ancestors": [origin]}
    return response
