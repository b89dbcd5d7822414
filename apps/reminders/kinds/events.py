"""Invitations in the portal: to each invitee with an account, every day of the week before
an event they are invited to (apps.events), beside the e-mail with its .ics file."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.events.selectors import upcoming_invitations

from ..registry import DAYS_AHEAD, Reminder, TenantDay, register
from ..wording import quoted, when_ru


@register(
    "event_upcoming",
    label=_("Events I am invited to"),
    description=_("To each invitee with an account: every day of the week before the event."),
    heading_ru="Мероприятия, на которые вы приглашены",
    for_committees=True,
)
def event_upcoming(tenant: TenantDay) -> list[Reminder]:
    rows = upcoming_invitations(tenant.owner, tenant.today, tenant.today + timedelta(DAYS_AHEAD))
    reminders = []
    for row in rows:
        invitee = row["user_id"] or row["participant__account_id"]
        if invitee not in tenant.member_ids:
            continue
        starts_at = timezone.localtime(row["event__starts_at"])
        when = when_ru(starts_at.date(), tenant.today)
        where = row["event__place"] or row["event__online_link"]
        where_words = f" Место: {where}." if where else ""
        if tenant.is_organization:
            link = tenant.url("events:mine")
        else:
            link = tenant.url("events:detail", event_id=row["event_id"])
        reminders.append(
            Reminder(
                "event_upcoming",
                f"invitation:{row['pk']}",
                f"Мероприятие {quoted(row['event__title'])} {when} в {starts_at:%H:%M}",
                f"Вы приглашены на мероприятие {quoted(row['event__title'])}: "
                f"{starts_at:%d.%m.%Y} в {starts_at:%H:%M} ({when}).{where_words}",
                {invitee: link},
            )
        )
    return reminders
