"""Working pairs: meetings held without everyone's feedback, and pairs that have not met
for too long. To the pair's mentor and its curator."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F
from django.utils.translation import gettext_lazy as _

from apps.organizations.roles import Role
from apps.pairs.models import WORKING_STATUSES, Meeting, Pair, with_inactivity

from ..registry import Reminder, TenantDay, register
from ..wording import (
    MEETING_KINDS_RU,
    days_genitive_ru,
    days_ru,
    first_upper,
    pair_names_ru,
    participants_ru,
    quoted,
)


def curators_of(tenant: TenantDay, programme_curator_id: int | None) -> set[int]:
    """The programme's own curator while they are a curator here; otherwise every curator."""
    curators = tenant.role(Role.CURATOR)
    if programme_curator_id in curators:
        return {programme_curator_id}
    return curators


def pair_recipients(tenant: TenantDay, row: dict) -> dict:
    """The pair's mentor (their own page of the pair) and its curator (the board's page).

    `row` holds the pair's `pair_id`, its programme's `curator_user` and its mentor's `mentor_user`.
    """
    pair_id, mentor = row["pair_id"], row["mentor_user"]
    board_page = tenant.url("pairs:pair", pair_id=pair_id)
    recipients = dict.fromkeys(curators_of(tenant, row["curator_user"]), board_page)
    if mentor in tenant.member_ids:
        recipients[mentor] = tenant.url("pairs:my_pair", pair_id=pair_id)
    return recipients


@register(
    "meeting_feedback_missing",
    label=_("Meetings without feedback"),
    description=_(
        "To the mentor and the curator of a pair: a meeting held where some attendee has not given feedback."
    ),
    heading_ru="Встречи без обратной связи",
)
def meeting_feedback_missing(tenant: TenantDay) -> list[Reminder]:
    # The day of the meeting is left for the feedback: reminders start the day after.
    rows = (
        Meeting.objects.filter(
            organization=tenant.owner, pair__status__in=WORKING_STATUSES, held_on__lt=tenant.today
        )
        .annotate(
            attendee_count=Count("attendees", distinct=True), feedback_count=Count("feedback", distinct=True)
        )
        .filter(attendee_count__gt=F("feedback_count"))
        .values(
            "pk",
            "kind",
            "held_on",
            "pair_id",
            "pair__programme__title",
            "attendee_count",
            "feedback_count",
            curator_user=F("pair__programme__curator_id"),
            mentor_user=F("pair__mentor__account_id"),
        )
    )
    rows = list(rows)
    names = pair_names_ru(row["pair_id"] for row in rows)
    reminders = []
    for row in rows:
        meeting = MEETING_KINDS_RU.get(row["kind"], "встреча")
        given, expected = row["feedback_count"], row["attendee_count"]
        reminders.append(
            Reminder(
                "meeting_feedback_missing",
                f"meeting:{row['pk']}",
                f"Нет обратной связи после встречи {row['held_on']:%d.%m.%Y} ({names[row['pair_id']]})",
                f"{first_upper(names[row['pair_id']])}, программа {quoted(row['pair__programme__title'])}: "
                f"{meeting} {row['held_on']:%d.%m.%Y}. Обратная связь получена от {given} из "
                f"{participants_ru(expected)}; после каждой встречи она обязательна.",
                pair_recipients(tenant, row),
            )
        )
    return reminders


@register(
    "pair_inactive",
    label=_("Pairs without meetings for too long"),
    description=_(
        "To the mentor and the curator of a working pair that has not met for the set number of days."
    ),
    heading_ru="Пары, которые давно не встречались",
)
def pair_inactive(tenant: TenantDay) -> list[Reminder]:
    """The board's rule (apps.pairs.models.with_inactivity), on the organisation's own day."""
    days = settings.PAIR_INACTIVE_DAYS
    pairs = Pair.objects.filter(organization=tenant.owner)
    rows = (
        with_inactivity(pairs, today=tenant.today, zone=ZoneInfo(tenant.owner.time_zone))
        .filter(inactive=True)
        .values(
            "quiet_since",
            "last_meeting",
            "programme__title",
            pair_id=F("pk"),
            curator_user=F("programme__curator_id"),
            mentor_user=F("mentor__account_id"),
        )
    )
    rows = list(rows)
    names = pair_names_ru(row["pair_id"] for row in rows)
    reminders = []
    for row in rows:
        pair_id = row["pair_id"]
        silent = days_ru((tenant.today - row["quiet_since"]).days)
        if row["last_meeting"]:
            fact = f"последняя встреча — {row['last_meeting']:%d.%m.%Y}"
        else:
            fact = f"пара работает с {row['quiet_since']:%d.%m.%Y} и ещё не встречалась"
        reminders.append(
            Reminder(
                "pair_inactive",
                f"pair:{pair_id}",
                f"Не встречается {silent}: {names[pair_id]}",
                f"{first_upper(names[pair_id])}, программа {quoted(row['programme__title'])}: {fact}. "
                f"Пара без встреч дольше {days_genitive_ru(days)} считается неактивной: "
                "запланируйте встречу.",
                pair_recipients(tenant, row),
            )
        )
    return reminders
