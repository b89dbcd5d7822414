"""Agreements with partner organisations that end within 30 days: to the curators, so that a
new agreement is concluded in time (issue #18)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from apps.core.text import in_quotes
from apps.organizations.roles import Role
from apps.partners.models import EXPIRING_DAYS, Agreement

from ..registry import Reminder, TenantDay, register


@register(
    "agreement_ending",
    label=_("Agreements with partners ending"),
    description=_("To curators: an agreement with a partner organisation ends within 30 days."),
    heading_ru="Соглашения с организациями-партнёрами, которые скоро заканчиваются",
)
def agreement_ending(tenant: TenantDay) -> list[Reminder]:
    recipients = tenant.role(Role.CURATOR)
    if not recipients:
        return []
    agreements = (
        Agreement.objects.filter(
            organization=tenant.owner,
            ends_on__gte=tenant.today,
            ends_on__lte=tenant.today + timedelta(days=EXPIRING_DAYS),
        )
        .select_related("partner")
        .only("pk", "number", "concluded_on", "ends_on", "partner__id", "partner__name")
        .order_by("ends_on", "pk")
    )
    return [
        Reminder(
            "agreement_ending",
            f"agreement:{agreement.pk}",
            f"Соглашение с {in_quotes(agreement.partner.name)} заканчивается {agreement.ends_on:%d.%m.%Y}",
            f"Соглашение № {agreement.number} от {agreement.concluded_on:%d.%m.%Y} с "
            f"{in_quotes(agreement.partner.name)} действует по {agreement.ends_on:%d.%m.%Y}. Если "
            "сотрудничество продолжится, заключите новое соглашение и добавьте его на страницу партнёра.",
            dict.fromkeys(recipients, tenant.url("partners:detail", partner_id=agreement.partner_id)),
        )
        for agreement in agreements
    ]
