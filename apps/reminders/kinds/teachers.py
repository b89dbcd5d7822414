"""The mentoring of teachers: mentors' consents to the extra duties (and so their supplementary
agreements) that end within 30 days, and personalised programmes (ППН) still not approved a
month after their teacher pair was formed. To the curators («куратор персонализированных
программ») and the directors."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from apps.organizations.roles import Role
from apps.pairs.models import OPEN_STATUSES, Pair
from apps.teachers.models import TEACHER_FORM, DutyConsent

from ..registry import Reminder, TenantDay, register
from ..wording import pair_names_ru

ENDING_DAYS = 30
PROGRAMME_DUE_DAYS = 30


@register(
    "duty_consent_ending",
    label=_("Mentors' consents to the extra duties ending"),
    description=_(
        "To curators and directors: a mentor's consent to the extra duties, and its supplementary "
        "agreement, end within 30 days."
    ),
    heading_ru="Согласия наставников на дополнительную работу, которые скоро заканчиваются",
)
def duty_consent_ending(tenant: TenantDay) -> list[Reminder]:
    recipients = tenant.role(Role.CURATOR) | tenant.role(Role.DIRECTOR)
    if not recipients:
        return []
    consents = (
        DutyConsent.objects.filter(
            organization=tenant.owner,
            ended_on__isnull=True,
            ends_on__gte=tenant.today,
            ends_on__lte=tenant.today + timedelta(days=ENDING_DAYS),
        )
        .select_related("mentor", "agreement")
        .order_by("ends_on", "pk")
    )
    reminders = []
    for consent in consents:
        agreement = getattr(consent, "agreement", None)
        agreement_words = (
            f" и дополнительное соглашение № {agreement.number} от {agreement.dated:%d.%m.%Y}"
            if agreement
            else ""
        )
        link = tenant.url("teachers:consent", duty_consent_id=consent.pk)
        reminders.append(
            Reminder(
                "duty_consent_ending",
                f"duty_consent:{consent.pk}",
                f"Согласие наставника {consent.mentor.short_name} на дополнительную работу заканчивается "
                f"{consent.ends_on:%d.%m.%Y}",
                f"Письменное согласие {consent.mentor.short_name}{agreement_words} действуют по "
                f"{consent.ends_on:%d.%m.%Y} (ст. 351.8 ТК РФ). Если наставничество продолжится, "
                "получите новое согласие и заключите новое дополнительное соглашение.",
                dict.fromkeys(recipients, link),
            )
        )
    return reminders


@register(
    "programme_not_approved",
    label=_("Personalised programmes not approved"),
    description=_(
        "To curators and directors: a teacher pair formed a month ago still has no approved "
        "personalised programme."
    ),
    heading_ru="Персонализированные программы, не утверждённые через месяц после формирования пары",
)
def programme_not_approved(tenant: TenantDay) -> list[Reminder]:
    recipients = tenant.role(Role.CURATOR) | tenant.role(Role.DIRECTOR)
    if not recipients:
        return []
    zone = ZoneInfo(tenant.owner.time_zone)
    formed_before = datetime.combine(tenant.today - timedelta(days=PROGRAMME_DUE_DAYS), time.min, tzinfo=zone)
    pairs = list(
        Pair.objects.filter(
            organization=tenant.owner,
            programme__form__name=TEACHER_FORM,
            status__in=OPEN_STATUSES,
            created_at__lt=formed_before,
        )
        .exclude(personalised_programme__status="approved")
        .order_by("pk")
        .values_list("pk", "created_at")
    )
    names = pair_names_ru(pk for pk, _created in pairs)
    return [
        Reminder(
            "programme_not_approved",
            f"ppn:{pk}",
            f"Персонализированная программа не утверждена: {names.get(pk, '')}",
            f"Пара сформирована {created_at.astimezone(zone):%d.%m.%Y}, а её персонализированная "
            "программа наставничества ещё не утверждена директором. Подготовьте её из плана пары и "
            "передайте на утверждение.",
            dict.fromkeys(recipients, tenant.url("teachers:programme", pair_id=pk)),
        )
        for pk, created_at in pairs
    ]
