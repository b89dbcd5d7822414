"""Orders the curator has submitted: to the director, until approved or returned."""

from zoneinfo import ZoneInfo

from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.orders.models import Order, OrderEvent
from apps.organizations.roles import Role

from ..registry import Reminder, TenantDay, register
from ..wording import quoted


@register(
    "order_awaiting",
    label=_("Orders awaiting approval"),
    description=_("To the director: orders the curator has submitted for approval."),
    heading_ru="Приказы, ожидающие утверждения",
)
def order_awaiting(tenant: TenantDay) -> list[Reminder]:
    directors = tenant.role(Role.DIRECTOR)
    if not directors:
        return []
    rows = (
        Order.objects.filter(organization=tenant.owner, status=Order.Status.SUBMITTED)
        .annotate(
            submitted_at=Max("events__created_at", filter=Q(events__action=OrderEvent.Action.SUBMITTED))
        )
        .values("pk", "title", "submitted_at")
    )
    zone = ZoneInfo(tenant.owner.time_zone)
    reminders = []
    for row in rows:
        since = f" {row['submitted_at'].astimezone(zone):%d.%m.%Y}" if row["submitted_at"] else ""
        link = reverse("orders:detail", kwargs={"org_slug": tenant.owner.slug, "order_id": row["pk"]})
        reminders.append(
            Reminder(
                "order_awaiting",
                f"order:{row['pk']}",
                f"Приказ ожидает утверждения: {quoted(row['title'])}",
                f"Приказ {quoted(row['title'], 500)} направлен на утверждение{since}. "
                "Утвердите его или верните на доработку с комментарием.",
                dict.fromkeys(directors, link),
            )
        )
    return reminders
