"""No cache keeps what a signed-in person was shown: every response to them says
`Cache-Control: no-store, private`, file downloads (streamed) included.

The walk asks for every page of the project as a person of organisation A who may open it,
with A's own objects in the URL, so a new view (a new download) is checked without being
listed here; the downloads below must be among what it got back as files.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import resolve, reverse
from django_scopes import scopes_disabled

from apps.documents.models import Document
from apps.orders.models import Order, OrderAttachment
from apps.organizations.models import RegionMembership
from apps.organizations.roles import PERMISSIONS_BY_ROLE
from apps.organizations.views_base import declared_permission
from apps.partners.models import Agreement

from .factories import UserFactory
from .module_scope import signed_in_once, use_session
from .test_isolation import (
    COMMITTEE_OBJECT_OF_B,
    NAMESPACE_OBJECT_OF_B,
    NON_TENANT_ROUTES,
    OBJECT_OF_B,
    Once,
    region_of,
)
from .urlwalk import project_routes

pytestmark = pytest.mark.usefixtures(
    "pairs_seeded", "roadmaps_seeded", "orders_seeded", "events_seeded", "assigned_seeded"
)

# Every view that answers with a file, by URL name (grep FileResponse / Content-Disposition).
DOWNLOADS = {
    "documents:download",  # roadmap PDFs, order PDFs, reports
    "committee_documents:download",
    "orders:attachment",
    "roadmap:evidence",
    "committee_roadmap:evidence",
    "assigned:file",  # an item the committee assigned, closed with a file (never the committee's)
    "participants:consent_document",
    "teachers:consent_scan",  # the signed copy of a mentor's consent to the extra duties
    "partners:agreement_scan",  # the scanned agreement with a partner
    "participants:export",
    "participants:import_template",
    "participants:import_rejected",
    "committee_monitoring:export",
    "library:file",  # a library material's file
    "committee_library:file",
    "region:form_export",  # the region's monitoring form (xlsx)
    "committee_regional:form_export",
}


def _kwargs(route, tenant):
    kwargs = {}
    for name in route.kwargs:
        if name == "org_slug":
            kwargs[name] = tenant.organization.slug
        elif name == "municipality_slug":
            kwargs[name] = tenant.organization.municipality.slug
        elif name == "region_slug":
            kwargs[name] = region_of(tenant).slug
        elif route.is_committee and name in COMMITTEE_OBJECT_OF_B:
            kwargs[name] = COMMITTEE_OBJECT_OF_B[name](tenant)
        elif name in NAMESPACE_OBJECT_OF_B.get(route.name.split(":")[0], {}):
            kwargs[name] = NAMESPACE_OBJECT_OF_B[route.name.split(":")[0]][name](tenant)
        else:
            kwargs[name] = OBJECT_OF_B[name](tenant)
    if "agreement_id" in kwargs:  # the agreement's own partner
        kwargs["partner_id"] = Agreement.objects.get(pk=kwargs["agreement_id"]).partner_id
    if "attachment_id" in kwargs:  # the attachment's own order, not any order
        kwargs["order_id"] = OrderAttachment.objects.get(pk=kwargs["attachment_id"]).order_id
    return kwargs


def _role_in(user, organization):
    return user.memberships.get(organization=organization).role


def _who_may_open(url, tenant, committee_user, once=None):
    once = Once() if once is None else once
    match = resolve(url)
    if match.kwargs.get("region_slug"):
        region = region_of(tenant)
        membership = RegionMembership.objects.filter(
            region=region
        ).first() or RegionMembership.objects.create(region=region, user=UserFactory(username="rcn"))
        return membership.user
    if match.kwargs.get("municipality_slug"):
        return committee_user
    permission = declared_permission(match.func)
    for user in (tenant.curator, tenant.director, tenant.staff, tenant.mentor):
        role = once(("role", user.pk), _role_in, user, tenant.organization)
        if permission is None or permission in PERMISSIONS_BY_ROLE[role]:
            return user
    return tenant.director


def _assert_not_stored(response, where):
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control and "private" in cache_control, (
        f"{where}: Cache-Control is {cache_control!r}"
    )


def test_every_response_to_a_signed_in_person_is_never_stored(client, tenant_a, committee_user):
    files = set()
    once = Once()
    sessions = {}  # each person signed in once: a sign-in costs as much as a page
    for route in project_routes():
        with scopes_disabled():
            if route.is_organization or route.is_committee or route.is_region:
                url = reverse(route.name, kwargs=_kwargs(route, tenant_a))
                user = _who_may_open(url, tenant_a, committee_user, once)
            else:
                url = reverse(route.name, kwargs=NON_TENANT_ROUTES[route.name])
                user = tenant_a.director
        if route.name == "logout":
            continue  # would end the session the walk goes on with
        if user.pk not in sessions:
            sessions |= signed_in_once([user])
        use_session(client, sessions[user.pk])
        response = client.get(url)
        _assert_not_stored(response, f"GET {url} as {user.username} ({response.status_code})")
        if response.status_code == 200 and "attachment" in response.get("Content-Disposition", ""):
            files.add(route.name)
    assert files >= DOWNLOADS, f"downloads the walk did not get: {sorted(DOWNLOADS - files)}"


def test_an_order_pdf_is_never_stored(client, tenant_a):
    """An approved order's PDF names pupils: the document download, streamed."""
    with scopes_disabled():
        order = Order.objects.filter(organization=tenant_a.organization, status="approved").get()
        document = Document.objects.get(organization=tenant_a.organization, kind="order", subject_id=order.pk)
        # Stored as the render would store it (the render itself is tested in tests/orders).
        document.file.save("order.pdf", ContentFile(b"%PDF-1.7 order"), save=False)
        document.state = Document.State.READY
        document.save()
    client.force_login(tenant_a.director)
    url = reverse(
        "documents:download", kwargs={"org_slug": tenant_a.organization.slug, "document_id": document.pk}
    )
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    _assert_not_stored(response, f"GET {url}")
