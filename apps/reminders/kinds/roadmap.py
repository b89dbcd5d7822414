"""Roadmap activities due soon or overdue: to the people responsible for them, in an
organisation's roadmap or a municipality's own."""

from collections import defaultdict
from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from apps.organizations.roles import Role
from apps.roadmap.models import Activity, Occurrence, Responsible
from apps.roadmap.selectors import covering, current_academic_year, owner_roadmaps

from ..registry import COMMITTEE, DAYS_AHEAD, Reminder, TenantDay, register
from ..wording import days_ru, quoted, when_ru


def _open_activities(tenant: TenantDay):
    """Not done activities done once, with a deadline, of the roadmap(s) covering the current
    year (a recurring activity is reminded of occurrence by occurrence: `_open_occurrences`)."""
    roadmaps = covering(owner_roadmaps(tenant.owner), current_academic_year(tenant.today))
    return Activity.objects.filter(roadmap__in=roadmaps, due_on__isnull=False, recurrence="").exclude(
        status=Activity.Status.DONE
    )


def _open_occurrences(tenant: TenantDay):
    """Occurrences not done of the recurring activities of those roadmaps."""
    roadmaps = covering(owner_roadmaps(tenant.owner), current_academic_year(tenant.today))
    return Occurrence.objects.filter(activity__roadmap__in=roadmaps, done_on__isnull=True)


def _rows(activities, occurrences) -> list[dict]:
    """Activities and occurrences as rows of one shape; an occurrence's key is its own, so each
    one is reminded of (and stops being) on its own."""
    rows = [
        {**row, "key": f"activity:{row['pk']}"}
        for row in activities.values("pk", "number", "title", "due_on", "roadmap_id")
    ]
    for row in occurrences.values(
        "pk", "due_on", "activity_id", "activity__number", "activity__title", "activity__roadmap_id"
    ).order_by("due_on", "pk"):
        rows.append(
            {
                "pk": row["activity_id"],
                "key": f"occurrence:{row['pk']}",
                "number": row["activity__number"],
                "title": row["activity__title"],
                "due_on": row["due_on"],
                "roadmap_id": row["activity__roadmap_id"],
            }
        )
    return rows


def _responsible_people(tenant: TenantDay, activity_ids) -> dict[int, set[int]]:
    """activity id -> the tenant's users responsible for it, in one query.

    A person named, everyone holding a named role; an activity whose responsibles are
    only names as written (or nobody) goes to the curators (to the committee in a
    municipality's roadmap): somebody has to see its deadline.
    """
    people = defaultdict(set)
    rows = Responsible.objects.filter(activity_id__in=activity_ids).values_list(
        "activity_id", "user_id", "role"
    )
    for activity_id, user_id, role in rows:
        if user_id in tenant.member_ids:
            people[activity_id].add(user_id)
        if role:
            people[activity_id] |= tenant.role(role)
    fallback = tenant.role(Role.CURATOR if tenant.is_organization else COMMITTEE)
    return {activity_id: people.get(activity_id) or fallback for activity_id in activity_ids}


def _activity_reminders(tenant: TenantDay, rows: list[dict], kind: str, wording) -> list[Reminder]:
    people = _responsible_people(tenant, list({row["pk"] for row in rows}))
    reminders = []
    for row in rows:
        link = tenant.url("roadmap:activity", roadmap_id=row["roadmap_id"], activity_id=row["pk"])
        title, body = wording(row)
        reminders.append(Reminder(kind, row["key"], title, body, dict.fromkeys(people[row["pk"]], link)))
    return reminders


def _activity_label(row) -> str:
    number = f" {row['number']}" if row["number"] else ""
    return f"Мероприятие{number} дорожной карты: {quoted(row['title'], 500)}."


@register(
    "roadmap_due",
    label=_("Roadmap activities due within 7 days"),
    description=_("To the people responsible for an activity, every day of the week before its deadline."),
    heading_ru="Приближается срок мероприятий дорожной карты",
    for_committees=True,
)
def roadmap_due(tenant: TenantDay) -> list[Reminder]:
    today = tenant.today
    window = {"due_on__gte": today, "due_on__lte": today + timedelta(DAYS_AHEAD)}
    rows = _rows(_open_activities(tenant).filter(**window), _open_occurrences(tenant).filter(**window))

    def wording(row):
        when = when_ru(row["due_on"], today)
        return (
            f"Срок мероприятия {when}: {quoted(row['title'])}",
            f"{_activity_label(row)} Срок — {row['due_on']:%d.%m.%Y} ({when}).",
        )

    return _activity_reminders(tenant, rows, "roadmap_due", wording)


@register(
    "roadmap_overdue",
    label=_("Overdue roadmap activities"),
    description=_("To the people responsible for an activity whose deadline has passed, until it is done."),
    heading_ru="Просроченные мероприятия дорожной карты",
    for_committees=True,
)
def roadmap_overdue(tenant: TenantDay) -> list[Reminder]:
    today = tenant.today

    def wording(row):
        late = days_ru((today - row["due_on"]).days)
        return (
            f"Просрочено мероприятие: {quoted(row['title'])}",
            f"{_activity_label(row)} Срок был {row['due_on']:%d.%m.%Y}, просрочено на {late}. "
            "Отметьте выполнение или согласуйте новый срок.",
        )

    rows = _rows(
        _open_activities(tenant).filter(due_on__lt=today), _open_occurrences(tenant).filter(due_on__lt=today)
    )
    return _activity_reminders(tenant, rows, "roadmap_overdue", wording)
