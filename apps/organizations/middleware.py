"""TenantMiddleware: the one mechanism that turns a URL into a tenant.

For /o/<org_slug>/… it finds the signed-in user's active membership in that
organisation (none: 404, so that outsiders learn nothing), checks the permission
the view declares against the member's role (missing: 403) and runs the view
inside `django_scopes.scope(organization=…)`: every scoped manager then returns
only rows of that organisation and a query made outside any scope raises.
For /m/<municipality_slug>/… it does the same for committee members, scoped to
the organisations of the municipality, plus `municipality=` for the rows the municipality
itself owns (apps/organizations/scoping.py). For /r/<region_slug>/… the regional centre's
members, scoped to the organisations of the region's municipalities (aggregates only).
"""

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled

from apps.core.scoping import owner_scope

from .roles import COMMITTEE_PERMISSIONS, REGION_PERMISSIONS
from .tenancy import active_committee_membership, active_membership, active_region_membership
from .views_base import declared_permission


def remember_workplace(request, url: str) -> None:
    """Where the root page sends the person next time; the session is written only when the
    workplace changes (apps.accounts.middleware.SessionIdleRefreshMiddleware)."""
    if request.session.get("last_workplace_url") != url:
        request.session["last_workplace_url"] = url


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organization = None
        request.membership = None
        request.municipality = None
        request.region = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if getattr(match.func, "tenant_resolved_by_view", False):
            # The API resolves the tenant itself, for the token's person (apps/api/views_base.py).
            return self.get_response(request)
        if not request.user.is_authenticated:
            # No tenant for visitors; LoginRequiredMiddleware sends them to sign in.
            return self.get_response(request)
        if "org_slug" in match.kwargs:
            return self._organization_request(request, match)
        if "municipality_slug" in match.kwargs:
            return self._committee_request(request, match)
        if "region_slug" in match.kwargs:
            return self._region_request(request, match)
        if match.app_name == "admin" and request.user.is_superuser:
            # Superusers administer every tenant in the Django admin.
            with scopes_disabled():
                return self.get_response(request)
        return self.get_response(request)

    def _organization_request(self, request, match):
        membership = active_membership(request.user, match.kwargs["org_slug"])
        if membership is None:
            raise Http404(_("Not found, or you have no access."))
        permission = self._required_permission(match)
        if not membership.has_permission(permission):
            raise PermissionDenied(_("Your role does not allow this."))

        request.membership = membership
        request.organization = membership.organization
        remember_workplace(request, membership.organization.get_absolute_url())
        with scope(organization=membership.organization):
            return self.get_response(request)

    def _committee_request(self, request, match):
        committee_membership = active_committee_membership(request.user, match.kwargs["municipality_slug"])
        if committee_membership is None:
            raise Http404(_("Not found, or you have no access."))
        if self._required_permission(match) not in COMMITTEE_PERMISSIONS:
            raise PermissionDenied(_("Your role does not allow this."))

        municipality = committee_membership.municipality
        request.municipality = municipality
        remember_workplace(request, municipality.get_absolute_url())
        with owner_scope(municipality):
            return self.get_response(request)

    def _region_request(self, request, match):
        region_membership = active_region_membership(request.user, match.kwargs["region_slug"])
        if region_membership is None:
            raise Http404(_("Not found, or you have no access."))
        if self._required_permission(match) not in REGION_PERMISSIONS:
            raise PermissionDenied(_("Your role does not allow this."))

        region = region_membership.region
        request.region = region
        remember_workplace(request, region.get_absolute_url())
        with owner_scope(region):
            return self.get_response(request)

    @staticmethod
    def _required_permission(match):
        permission = declared_permission(match.func)
        if permission is None:
            raise ImproperlyConfigured(
                f"Tenant view {match.view_name!r} must declare its permission "
                "with @tenant_view(permission=...)."
            )
        return permission
