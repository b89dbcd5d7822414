from django.core.paginator import Paginator
from django.shortcuts import render

from apps.organizations.views_base import tenant_view

from .selectors import audit_entries


@tenant_view(permission="audit.view")
def audit_log(request, org_slug):
    """The director's view of every change made in the organisation."""
    page = Paginator(audit_entries(organization=request.organization), 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page})
