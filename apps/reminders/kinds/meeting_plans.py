"""The meetings mentors plan (apps.pairs.MeetingPlan): to the mentor, every day of the week
before. A development plan's due dates are tasks, not meetings, and remind nobody."""

from datetime import timedelta

from django.db.models import F
from django.utils.translation import gettext_lazy as _

from apps.pairs.models import OPEN_PLAN, WORKING_STATUSES, MeetingPlan

from ..registry import DAYS_AHEAD, Reminder, TenantDay, register
from ..wording import MEETING_KINDS_RU, first_upper, pair_names_ru, quoted, when_ru


@register(
    "meeting_upcoming",
    label=_("Upcoming planned meetings"),
    description=_("To the mentor of a pair: every day of the week before a meeting they have planned."),
    heading_ru="Ближайшие запланированные встречи",
)
def meeting_upcoming(tenant: TenantDay) -> list[Reminder]:
    today = tenant.today
    rows = MeetingPlan.objects.filter(
        OPEN_PLAN,
        organization=tenant.owner,
        planned_for__gte=today,
        planned_for__lte=today + timedelta(DAYS_AHEAD),
        pair__status__in=WORKING_STATUSES,
    ).values(
        "pk",
        "kind",
        "planned_for",
        "starts_at",
        "place",
        "online",
        "pair_id",
        "pair__programme__title",
        mentor_user=F("pair__mentor__account_id"),
    )
    rows = list(rows)
    names = pair_names_ru(row["pair_id"] for row in rows)
    reminders = []
    for row in rows:
        mentor = row["mentor_user"]
        if mentor not in tenant.member_ids:
            continue
        pair_id = row["pair_id"]
        meeting = MEETING_KINDS_RU.get(row["kind"], "встреча")
        when = when_ru(row["planned_for"], today)
        at = f" в {row['starts_at']:%H:%M}" if row["starts_at"] else ""
        if row["online"]:
            where = ", онлайн"
        elif row["place"]:
            where = f", место: {quoted(row['place'])}"
        else:
            where = ""
        reminders.append(
            Reminder(
                "meeting_upcoming",
                f"meeting_plan:{row['pk']}",
                f"{meeting.capitalize()} {when}{at} ({names[pair_id]})",
                f"{first_upper(names[pair_id])}, программа {quoted(row['pair__programme__title'])}: "
                f"{meeting} "
                f"запланирована на {row['planned_for']:%d.%m.%Y}{at} ({when}){where}. "
                "После встречи отметьте её проведённой и внесите обратную связь участников; "
                "если встреча не состоится, отмените её.",
                {mentor: tenant.url("pairs:my_pair", pair_id=pair_id)},
            )
        )
    return reminders
