"""An order's attachments are private files: each download is in the audit trail."""

from django.core.files.base import ContentFile
from django.urls import reverse

from apps.audit.models import AuditEntry
from apps.orders import services
from apps.orders.models import OrderAttachment


def test_downloading_an_attachment_is_audited(client, tenant_a):
    order = services.order_draft(
        organization=tenant_a.organization, kind="regulation", actor=tenant_a.curator
    )
    attachment = OrderAttachment.objects.create(
        order=order, title="Положение", file=ContentFile(b"%PDF-1.4 regulation", name="polozhenie.pdf")
    )
    client.force_login(tenant_a.director)
    url = reverse(
        "orders:attachment",
        kwargs={"org_slug": tenant_a.organization.slug, "order_id": order.pk, "attachment_id": attachment.pk},
    )
    response = client.get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 regulation"
    entry = AuditEntry.objects.get(action="order.attachment_downloaded")
    assert (entry.organization, entry.actor, entry.target_id) == (
        tenant_a.organization,
        tenant_a.director,
        order.pk,
    )
    assert entry.data == {"attachment": attachment.pk, "title": "Положение"}
    assert entry.label != entry.action  # labelled for the director's audit page
