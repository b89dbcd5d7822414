"""The registry of reminder kinds: what each reminds of, to whom, and how it is found.

Each kind is a function that receives one tenant on one local day (`TenantDay`) and
returns its `Reminder`s, each with its recipients. A kind reads its tenant with a
handful of SQL queries whatever the number of people or rows: recipients come from
the tenant's members loaded once, never from a query per person.

Texts are stored and e-mailed in Russian (the documents' language) and name no
participant: a pair is «пара № 12», missing consents are a count. Links are paths
inside the portal, to the page the recipient's role opens.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from apps.orders.models import Order, OrderEvent
from apps.organizations.models import Municipality, Organization
from apps.organizations.roles import Role
from apps.organizations.scoping import tenant_url
from apps.pairs.models import OPEN_PLAN, WORKING_STATUSES, Meeting, MeetingPlan, Pair
from apps.participants.consents import annotate_consent_state
from apps.participants.models import Participant, Status
from apps.roadmap.models import Activity, Responsible
from apps.roadmap.selectors import covering, current_academic_year, owner_roadmaps

# Activities are reminded of from this many days before their deadline, planned meetings before their day.
DAYS_AHEAD = 7

# The role of committee members in a municipality's own roadmap (Responsible.role).
COMMITTEE = "committee"

MEETING_KINDS_RU = {
    Meeting.Kind.ORGANISATIONAL: "организационная встреча",
    Meeting.Kind.TRIAL: "пробная встреча",
    Meeting.Kind.PLANNING: "встреча-планирование",
    Meeting.Kind.REGULAR: "встреча",
    Meeting.Kind.FINAL: "итоговая встреча",
}


@dataclass
class TenantDay:
    """An organisation, or a municipality for its committee's own roadmap, on its local day."""

    owner: Organization | Municipality
    today: date
    # role -> ids of the active users holding it; a municipality has the one role "committee".
    members: dict[str, set[int]] = field(default_factory=dict)

    @property
    def is_organization(self) -> bool:
        return isinstance(self.owner, Organization)

    @cached_property
    def member_ids(self) -> set[int]:
        return set().union(*self.members.values())

    def role(self, role: str) -> set[int]:
        return self.members.get(role, set())

    def url(self, name: str, **kwargs) -> str:
        return tenant_url(self.owner, name, **kwargs)


@dataclass(frozen=True)
class Reminder:
    kind: str
    key: str  # what it is about, e.g. "activity:12": one notification per thing and day
    title: str
    body: str
    # recipient user id -> the page it opens for them (a mentor's and a curator's differ).
    recipients: dict[int, str]


@dataclass(frozen=True)
class Kind:
    code: str
    label: str  # the settings page (English msgid)
    description: str  # who receives it and when (English msgid)
    heading_ru: str  # the digest's section heading (the PDF is Russian)
    compute: Callable[[TenantDay], Iterable[Reminder]]
    for_committees: bool = False


KINDS: dict[str, Kind] = {}


def register(code, *, label, description, heading_ru, for_committees=False):
    def decorator(function):
        KINDS[code] = Kind(code, label, description, heading_ru, function, for_committees)
        return function

    return decorator


def kind_choices() -> list[tuple[str, str]]:
    """Choices of the models' `kind` fields (a callable: migrations do not copy the labels)."""
    return [(kind.code, kind.label) for kind in KINDS.values()]


def kinds_for(tenant: TenantDay) -> list[Kind]:
    return [k for k in KINDS.values() if tenant.is_organization or k.for_committees]


# --- Russian wording -------------------------------------------------------------------


def plural_ru(number: int, forms: tuple[str, str, str]) -> str:
    """forms: («день», «дня», «дней»)."""
    number = abs(number) % 100
    if 11 <= number <= 14:
        return forms[2]
    number %= 10
    if number == 1:
        return forms[0]
    if 2 <= number <= 4:
        return forms[1]
    return forms[2]


DAYS = ("день", "дня", "дней")
PARTICIPANTS = ("участника", "участников", "участников")  # «у 1 участника», «у 5 участников»


def days_ru(number: int) -> str:
    return f"{number} {plural_ru(number, DAYS)}"


def when_ru(due: date, today: date) -> str:
    days = (due - today).days
    if days == 0:
        return "сегодня"
    if days == 1:
        return "завтра"
    return f"через {days_ru(days)}"


def quoted(text: str, length: int = 120) -> str:
    """«Title» on one line, shortened for a notification's title."""
    one_line = re.sub(r"\s+", " ", text).strip()
    return f"«{Truncator(one_line).chars(length)}»"


def owner_name(owner) -> str:
    return owner.short_name if isinstance(owner, Organization) else owner.committee_name


# --- Recipients ----------------------------------------------------------------------


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


# --- Roadmap ------------------------------------------------------------------------


def _open_activities(tenant: TenantDay):
    """Not done activities with a deadline, of the roadmap(s) covering the current year."""
    roadmaps = covering(owner_roadmaps(tenant.owner), current_academic_year(tenant.today))
    return Activity.objects.filter(roadmap__in=roadmaps, due_on__isnull=False).exclude(
        status=Activity.Status.DONE
    )


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


def _activity_reminders(tenant: TenantDay, activities, kind: str, wording) -> list[Reminder]:
    rows = list(activities.values("pk", "number", "title", "due_on", "roadmap_id"))
    people = _responsible_people(tenant, [row["pk"] for row in rows])
    reminders = []
    for row in rows:
        link = tenant.url("roadmap:activity", roadmap_id=row["roadmap_id"], activity_id=row["pk"])
        title, body = wording(row)
        reminders.append(
            Reminder(kind, f"activity:{row['pk']}", title, body, dict.fromkeys(people[row["pk"]], link))
        )
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
    activities = _open_activities(tenant).filter(due_on__gte=today, due_on__lte=today + timedelta(DAYS_AHEAD))

    def wording(row):
        when = when_ru(row["due_on"], today)
        return (
            f"Срок мероприятия {when}: {quoted(row['title'])}",
            f"{_activity_label(row)} Срок — {row['due_on']:%d.%m.%Y} ({when}).",
        )

    return _activity_reminders(tenant, activities, "roadmap_due", wording)


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

    return _activity_reminders(
        tenant, _open_activities(tenant).filter(due_on__lt=today), "roadmap_overdue", wording
    )


# --- Pairs --------------------------------------------------------------------------


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
    reminders = []
    for row in rows:
        meeting = MEETING_KINDS_RU.get(row["kind"], "встреча")
        given, expected = row["feedback_count"], row["attendee_count"]
        reminders.append(
            Reminder(
                "meeting_feedback_missing",
                f"meeting:{row['pk']}",
                f"Нет обратной связи после встречи {row['held_on']:%d.%m.%Y} (пара № {row['pair_id']})",
                f"Пара № {row['pair_id']}, программа {quoted(row['pair__programme__title'])}: "
                f"{meeting} {row['held_on']:%d.%m.%Y}. Обратная связь получена от {given} из {expected} "
                f"{plural_ru(expected, PARTICIPANTS)}; после каждой встречи она обязательна.",
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
    """The rule of apps.pairs.selectors.is_inactive, in SQL, on the organisation's own day."""
    days = settings.PAIR_INACTIVE_DAYS
    zone = ZoneInfo(tenant.owner.time_zone)
    rows = (
        Pair.objects.filter(organization=tenant.owner, status__in=WORKING_STATUSES)
        .annotate(
            last_meeting=Max("meetings__held_on"),
            since=Coalesce("last_meeting", TruncDate("status_changed_at", tzinfo=zone)),
        )
        .filter(since__lt=tenant.today - timedelta(days=days))
        .values(
            "since",
            "last_meeting",
            "programme__title",
            pair_id=F("pk"),
            curator_user=F("programme__curator_id"),
            mentor_user=F("mentor__account_id"),
        )
    )
    reminders = []
    for row in rows:
        pair_id = row["pair_id"]
        silent = days_ru((tenant.today - row["since"]).days)
        if row["last_meeting"]:
            fact = f"последняя встреча — {row['last_meeting']:%d.%m.%Y}"
        else:
            fact = f"пара работает с {row['since']:%d.%m.%Y} и ещё не встречалась"
        reminders.append(
            Reminder(
                "pair_inactive",
                f"pair:{pair_id}",
                f"Пара № {pair_id} не встречается {silent}",
                f"Пара № {pair_id}, программа {quoted(row['programme__title'])}: {fact}. "
                f"Пара без встреч дольше {days_ru(days)} считается неактивной: запланируйте встречу.",
                pair_recipients(tenant, row),
            )
        )
    return reminders


# --- Participants and orders ------------------------------------------------------------


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
            f"Нет согласия на обработку персональных данных у {count} {plural_ru(count, PARTICIPANTS)}",
            f"В базе наставников и наставляемых у {count} {plural_ru(count, PARTICIPANTS)} нет действующего "
            "согласия на обработку персональных данных: до 14 лет его даёт законный представитель, "
            "с 14 до 18 лет — участник вместе с представителем. Цель программы — согласия у 100 % "
            "участников; кого они касаются, видно в реестре участников.",
            dict.fromkeys(recipients, link),
        )
    ]


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


# --- Upcoming meetings ----------------------------------------------------------------
# The meetings mentors plan (apps.pairs.MeetingPlan); a development plan's due dates are
# tasks, not meetings, and remind nobody.


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
                f"{meeting.capitalize()} {when}{at} (пара № {pair_id})",
                f"Пара № {pair_id}, программа {quoted(row['pair__programme__title'])}: {meeting} "
                f"запланирована на {row['planned_for']:%d.%m.%Y}{at} ({when}){where}. "
                "После встречи отметьте её проведённой и внесите обратную связь участников; "
                "если встреча не состоится, отмените её.",
                {mentor: tenant.url("pairs:my_pair", pair_id=pair_id)},
            )
        )
    return reminders
