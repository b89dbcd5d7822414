from django.core.paginator import Paginator
from django.shortcuts import render

from apps.organizations.views_base import tenant_view

from .selectors import audit_entries, region_audit_entries


def _log_page(request, entries):
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page})


@tenant_view(permission="audit.view")
def audit_log(request, org_slug):
    """The director's view of every change made in the organisation."""
    return _log_page(request, audit_entries(organization=request.organization))


@tenant_view(permission="region.audit")
def region_audit_log(request, region_slug):
    """The regional centre's view of its own changes: the same page, its own entries."""
    return _log_page(request, region_audit_entries(region=request.region))
