"""Participants without the consent to the processing of their personal data: a count, to
staff and curators."""

from django.utils.translation import gettext_lazy as _

from apps.organizations.roles import Role
from apps.participants.consents import annotate_consent_state
from apps.participants.models import Participant, Status

from ..registry import Reminder, TenantDay, register
from ..wording import participants_ru


@register(
    "consent_missing",
    label=_("Participants without a consent"),
    description=_(
        "To staff and curators: how many participants lack the consent to the processing of personal data."
    ),
    heading_ru="Участники без согласия на обработку персональных данных",
)
def consent_missing(tenant: TenantDay) -> list[Reminder]:
    """One reminder per organisation with a count: names of children stay in the registry."""
    participants = Participant.objects.filter(organization=tenant.owner, anonymised_at__isnull=True).exclude(
        status=Status.LEFT
    )
    count = annotate_consent_state(participants, day=tenant.today).filter(consent_ok=False).count()
    recipients = tenant.role(Role.STAFF) | tenant.role(Role.CURATOR)
    if not count or not recipients:
        return []
    link = tenant.url("participants:list")
    return [
        Reminder(
            "consent_missing",
            f"organization:{tenant.owner.pk}",
            f"Нет согласия на обработку персональных данных у {participants_ru(count)}",
            f"В базе наставников и наставляемых у {participants_ru(count)} нет действующего "
            "согласия на обработку персональных данных: до 14 лет его даёт законный представитель, "
            "с 14 до 18 лет — участник вместе с представителем. Цель программы — согласия у 100 % "
            "участников; кого они касаются, видно в реестре участников.",
            dict.fromkeys(recipients, link),
        )
    ]
