"""The API's tenancy: the same rule as TenantMiddleware's, for the token's person.

A view under /api/v1/o/<org_slug>/, /api/v1/m/<municipality_slug>/ or /api/v1/r/<region_slug>/
(the regional centre's: aggregates of the region's municipalities) declares the permission
each method needs (`permissions = {"GET": "participants.view", "POST": "participants.change"}`).
`initial()` then, after the token is authenticated and its rate counted:
- the URL's tenant must be the token's workplace and the person must still be an active
  member there (else 404, the pages' answer to outsiders);
- the person's role must grant the permission (else 403), and a writing method needs the
  token's `write` scope (else 403);
- the handler runs inside the tenant's django-scopes scope (`owner_scope`), so that every
  scoped manager sees that tenant's rows only, and another tenant's id is a 404.
Reads answer with an `ETag` and a 304 to a matching `If-None-Match`.
"""

import hashlib

from django.http import Http404
from django.utils.http import parse_etags, quote_etag
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from apps.core.scoping import owner_scope
from apps.organizations.roles import COMMITTEE_PERMISSIONS, REGION_PERMISSIONS
from apps.organizations.tenancy import (
    active_committee_membership,
    active_membership,
    active_region_membership,
)

from .models import ApiToken
from .pagination import IdCursorPagination

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TenantAPIView(GenericAPIView):
    permissions: dict[str, str] = {}
    pagination_class = IdCursorPagination

    @classmethod
    def as_view(cls, **initkwargs):
        view = super().as_view(**initkwargs)
        view.login_required = False  # a token, not a session: 401 rather than the sign-in page
        view.tenant_resolved_by_view = True
        return view

    def required_permission(self, method: str) -> str:
        method = "GET" if method in ("HEAD", "OPTIONS") else method
        try:
            return self.permissions[method]
        except KeyError:
            raise exceptions.MethodNotAllowed(method) from None

    def _check_workplace(self, request, workplace, allows) -> None:
        """The token's workplace named by the URL: an outsider gets 404, then (the tenant first,
        so that a method a view lacks is a 405 to members only) a missing right 403."""
        if not workplace:
            raise Http404(_("Not found, or you have no access."))
        if not allows(self.required_permission(request.method)):
            raise exceptions.PermissionDenied(_("Your role does not allow this."))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        token: ApiToken = request.auth
        self.organization = self.membership = self.municipality = self.region = None
        if "org_slug" in kwargs:
            slug = kwargs["org_slug"]
            membership = (
                token.organization_id
                and token.organization.slug == slug
                and active_membership(request.user, slug)
            )
            self._check_workplace(request, membership, membership and membership.has_permission)
            self.organization, self.membership = membership.organization, membership
            owner = membership.organization
        elif "municipality_slug" in kwargs:
            slug = kwargs["municipality_slug"]
            committee = (
                token.municipality_id
                and token.municipality.slug == slug
                and active_committee_membership(request.user, slug)
            )
            self._check_workplace(request, committee, COMMITTEE_PERMISSIONS.__contains__)
            self.municipality = owner = committee.municipality
        elif "region_slug" in kwargs:
            slug = kwargs["region_slug"]
            centre = (
                token.region_id and token.region.slug == slug and active_region_membership(request.user, slug)
            )
            self._check_workplace(request, centre, REGION_PERMISSIONS.__contains__)
            self.region = owner = centre.region
        else:  # pragma: no cover - a configuration error, as TenantMiddleware's
            raise exceptions.NotFound()
        if request.method not in SAFE_METHODS and not token.allows(ApiToken.Scope.WRITE):
            raise exceptions.PermissionDenied(_("This token may only read."))
        self._scope = owner_scope(owner)
        self._scope.__enter__()

    def finalize_response(self, request, response, *args, **kwargs):
        current = getattr(self, "_scope", None)
        if current is not None:
            self._scope = None
            current.__exit__(None, None, None)
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and isinstance(response, Response)
        ):
            response = self._conditional(request, response)
        # Personal data, or a refusal: never kept by a cache (NoStoreMiddleware's rule for the
        # pages, whose signed-in person a token's request is not); a client keeps its ETag.
        response["Cache-Control"] = "no-store, private"
        return response

    def _conditional(self, request, response):
        """A strong ETag of the body; the same body as the client has is a 304."""
        response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            not_modified = Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
            return super().finalize_response(request, not_modified)
        return response

    @property
    def token(self) -> ApiToken:
        return self.request.auth
