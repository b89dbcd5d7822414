"""An order as its PDF: the letterhead, «ПРИКАЗ», the number and date, the text, the signature."""

from apps.documents.renderers import Rendered, register

from .models import Order

KIND = "order"


@register(KIND, permission="orders.view")
def render_order(order: Order) -> Rendered:
    organization = order.organization
    number = order.number.replace("/", "-") if order.number else f"draft-{order.pk}"
    return Rendered(
        template_name="orders/pdf.html",
        context={
            "order": order,
            "organization": organization,
            "attachments": list(order.attachments.all()),
            "letterhead": organization.full_name,
            "is_draft": order.status not in (Order.Status.APPROVED, Order.Status.CANCELLED),
        },
        filename=f"prikaz-{number}.pdf",
        archival=order.status == Order.Status.APPROVED,
    )
