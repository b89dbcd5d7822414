"""Each kind of reminder on hand-built data: who receives it, and nobody else."""

from datetime import time, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from apps.orders import services as order_services
from apps.organizations.models import Membership
from apps.organizations.roles import Role
from apps.pairs.models import (
    DevelopmentPlan,
    Meeting,
    MeetingFeedback,
    MeetingPlan,
    Pair,
    PlanTask,
    Programme,
)
from apps.participants.models import Participant, Status
from apps.reminders.models import Notification
from apps.reminders.wording import pair_names_ru
from apps.roadmap.models import Activity
from tests.factories import MembershipFactory, ParticipantFactory, UserFactory

from .conftest import DAY, add_activity, local_time, make_roadmap, recipients


def test_an_activity_due_in_7_days_and_an_overdue_one_reach_the_responsible_person_only(
    tenant_a, tenant_b, run_reminders
):
    roadmap = make_roadmap(tenant_a.organization)
    due = add_activity(roadmap, "Сформировать базу наставников", DAY + timedelta(days=7), user=tenant_a.staff)
    overdue = add_activity(roadmap, "Провести анкетирование", DAY - timedelta(days=3), user=tenant_a.staff)
    later = add_activity(
        roadmap, "Провести итоговое мероприятие", DAY + timedelta(days=8), user=tenant_a.staff
    )
    done = add_activity(
        roadmap, "Издать приказ", DAY - timedelta(days=2), user=tenant_a.staff, status=Activity.Status.DONE
    )
    b_roadmap = make_roadmap(tenant_b.organization)
    add_activity(b_roadmap, "Чужое мероприятие", DAY, role=Role.CURATOR)

    run_reminders(local_time("Europe/Moscow", 7))

    assert recipients("roadmap_due", key=f"activity:{due.pk}") == {tenant_a.staff.pk}
    assert recipients("roadmap_overdue", key=f"activity:{overdue.pk}") == {tenant_a.staff.pk}
    assert not Notification.objects.filter(key__in=[f"activity:{later.pk}", f"activity:{done.pk}"]).exists()
    notification = Notification.objects.get(kind="roadmap_due", key=f"activity:{due.pk}")
    assert notification.day == DAY and notification.organization == tenant_a.organization
    assert "через 7 дней" in notification.title and "«Сформировать базу наставников»" in notification.title
    assert notification.link == reverse(
        "roadmap:activity",
        kwargs={"org_slug": tenant_a.organization.slug, "roadmap_id": roadmap.pk, "activity_id": due.pk},
    )
    late = Notification.objects.get(kind="roadmap_overdue")
    assert "просрочено на 3 дня" in late.body and f"{overdue.due_on:%d.%m.%Y}" in late.body
    # B's activity reached B's curator only.
    assert recipients("roadmap_due", organization=tenant_b.organization) == {tenant_b.curator.pk}


def test_a_role_reaches_everyone_holding_it_and_names_as_written_reach_the_curator(tenant_a, run_reminders):
    second_director = MembershipFactory(organization=tenant_a.organization, role=Role.DIRECTOR).user
    roadmap = make_roadmap(tenant_a.organization)
    by_role = add_activity(roadmap, "Утвердить положение", DAY, role=Role.DIRECTOR)
    by_name = add_activity(roadmap, "Классный час", DAY + timedelta(days=1), name="Классные руководители")

    run_reminders()

    assert recipients("roadmap_due", key=f"activity:{by_role.pk}") == {
        tenant_a.director.pk,
        second_director.pk,
    }
    assert recipients("roadmap_due", key=f"activity:{by_name.pk}") == {tenant_a.curator.pk}
    assert "сегодня" in Notification.objects.filter(key=f"activity:{by_role.pk}").first().title
    assert "завтра" in Notification.objects.get(key=f"activity:{by_name.pk}").title


def test_a_responsible_person_who_left_is_replaced_by_the_curator(tenant_a, run_reminders):
    Membership.objects.filter(user=tenant_a.staff).update(is_active=False)
    roadmap = make_roadmap(tenant_a.organization)
    activity = add_activity(roadmap, "Обновить реестр", DAY + timedelta(days=2), user=tenant_a.staff)

    run_reminders()

    assert recipients("roadmap_due", key=f"activity:{activity.pk}") == {tenant_a.curator.pk}


def test_the_committee_roadmap_reminds_the_committee(tenant_a, committee_user, run_reminders):
    municipality = tenant_a.organization.municipality
    roadmap = make_roadmap(municipality)
    activity = add_activity(
        roadmap, "Муниципальный конкурс «Наставник года»", DAY - timedelta(days=1), role="committee"
    )

    run_reminders()

    notification = Notification.objects.get(kind="roadmap_overdue", key=f"activity:{activity.pk}")
    assert notification.user == committee_user
    assert notification.organization is None and notification.municipality == municipality
    assert notification.source == municipality.committee_name
    assert notification.link == reverse(
        "committee_roadmap:activity",
        kwargs={"municipality_slug": municipality.slug, "roadmap_id": roadmap.pk, "activity_id": activity.pk},
    )


def _working_pair(tenant) -> Pair:
    pair = Pair.objects.get(organization=tenant.organization)
    pair.status = Pair.Status.ACTIVE
    pair.save()
    return pair


@pytest.mark.usefixtures("pairs_seeded")
def test_a_meeting_without_feedback_reaches_the_mentor_and_the_curator(tenant_a, run_reminders):
    pair = _working_pair(tenant_a)
    mentee = pair.members.get().mentee
    missing = Meeting.objects.get(pair=pair)  # the seeded one: mentor and mentee attended, no feedback
    missing.held_on = DAY - timedelta(days=2)
    missing.save()
    complete = Meeting.objects.create(
        organization=pair.organization, pair=pair, kind="regular", held_on=DAY - timedelta(days=1)
    )
    complete.attendees.set([pair.mentor])
    MeetingFeedback.objects.create(
        organization=pair.organization, meeting=complete, author=pair.mentor, rating=5
    )
    today = Meeting.objects.create(organization=pair.organization, pair=pair, kind="regular", held_on=DAY)
    today.attendees.set([pair.mentor, mentee])

    run_reminders()

    notifications = Notification.objects.filter(kind="meeting_feedback_missing")
    assert {n.key for n in notifications} == {f"meeting:{missing.pk}"}  # today's meeting has its day
    links = {n.user_id: n.link for n in notifications}
    slug = tenant_a.organization.slug
    assert links == {
        tenant_a.mentor.pk: reverse("pairs:my_pair", kwargs={"org_slug": slug, "pair_id": pair.pk}),
        tenant_a.curator.pk: reverse("pairs:pair", kwargs={"org_slug": slug, "pair_id": pair.pk}),
    }
    body = notifications.first().body
    assert "от 0 из 2 участников" in body and "организационная встреча" in body
    # The pair is named by its mentor and mentee (its recipients know them), not «пара № 8».
    assert body.startswith(f"Пара: {pair.mentor.short_name} и {mentee.short_name}, программа")


@pytest.mark.usefixtures("pairs_seeded")
def test_the_programme_s_own_curator_is_the_one_reminded(tenant_a, run_reminders):
    pair = _working_pair(tenant_a)
    Meeting.objects.filter(pair=pair).update(held_on=DAY - timedelta(days=1))
    own_curator = MembershipFactory(organization=tenant_a.organization, role=Role.CURATOR).user
    Programme.objects.filter(pk=pair.programme_id).update(curator=own_curator)

    run_reminders()

    assert recipients("meeting_feedback_missing") == {tenant_a.mentor.pk, own_curator.pk}


@pytest.mark.usefixtures("pairs_seeded")
def test_a_pair_silent_for_too_long_reaches_the_mentor_and_the_curator(tenant_a, run_reminders):
    days = settings.PAIR_INACTIVE_DAYS
    silent = _working_pair(tenant_a)
    Meeting.objects.filter(pair=silent).update(held_on=DAY - timedelta(days=days + 4))
    mentors = [ParticipantFactory(organization=tenant_a.organization, category="teacher") for _ in range(3)]
    meeting_recently, just_approved, approved_long_ago = (
        Pair.objects.create(
            organization=tenant_a.organization,
            programme=silent.programme,
            mentor=m,
            status=Pair.Status.APPROVED,
        )
        for m in mentors
    )
    Meeting.objects.create(
        organization=tenant_a.organization,
        pair=meeting_recently,
        kind="regular",
        held_on=DAY - timedelta(days=2),
    )
    noon = local_time("Europe/Moscow", 12)
    Pair.objects.filter(pk=just_approved.pk).update(status_changed_at=noon - timedelta(days=days))
    Pair.objects.filter(pk=approved_long_ago.pk).update(status_changed_at=noon - timedelta(days=days + 1))

    run_reminders()

    notifications = Notification.objects.filter(kind="pair_inactive")
    assert {n.key for n in notifications} == {f"pair:{silent.pk}", f"pair:{approved_long_ago.pk}"}
    assert recipients("pair_inactive", key=f"pair:{silent.pk}") == {tenant_a.mentor.pk, tenant_a.curator.pk}
    # A pair whose mentor has no portal account reaches the curator alone.
    assert recipients("pair_inactive", key=f"pair:{approved_long_ago.pk}") == {tenant_a.curator.pk}
    title = notifications.get(key=f"pair:{silent.pk}", user=tenant_a.mentor).title
    # Named by its people, as the board shows them, not by a number the board never shows.
    assert title == f"Не встречается {days + 4} дней: {pair_names_ru([silent.pk])[silent.pk]}"
    assert silent.mentor.last_name in title and "№" not in title


def test_participants_without_consent_reach_staff_and_curator_as_a_count(tenant_a, tenant_b, run_reminders):
    lacking = [ParticipantFactory(organization=tenant_a.organization) for _ in range(2)]
    ParticipantFactory(organization=tenant_a.organization, status=Status.LEFT)  # no longer in the base
    assert Participant.objects.filter(organization=tenant_a.organization).count() == 4

    run_reminders()

    assert recipients("consent_missing") == {tenant_a.staff.pk, tenant_a.curator.pk}  # B has its consents
    notification = Notification.objects.filter(kind="consent_missing").first()
    assert notification.title == "Нет согласия на обработку персональных данных у 2 участников"
    assert notification.key == f"organization:{tenant_a.organization.pk}"
    assert notification.link == reverse("participants:list", kwargs={"org_slug": tenant_a.organization.slug})
    for participant in lacking:
        assert participant.last_name not in notification.title + notification.body


def test_a_submitted_order_reaches_the_director_only(tenant_a, run_reminders):
    organization = tenant_a.organization
    submitted = order_services.order_draft(
        organization=organization, kind="regulation", actor=tenant_a.curator
    )
    order_services.order_submit(order=submitted, actor=tenant_a.curator)
    order_services.order_draft(organization=organization, kind="curator", actor=tenant_a.curator)

    run_reminders()

    notification = Notification.objects.get(kind="order_awaiting")
    assert notification.user == tenant_a.director and notification.key == f"order:{submitted.pk}"
    assert notification.title == f"Приказ ожидает утверждения: «{submitted.title}»"
    assert notification.link == submitted.get_absolute_url()


def _meeting_plan(pair, planned_for, kind="regular", **fields) -> MeetingPlan:
    return MeetingPlan.objects.create(
        organization=pair.organization, pair=pair, kind=kind, planned_for=planned_for, **fields
    )


@pytest.mark.usefixtures("pairs_seeded")
def test_a_meeting_planned_within_7_days_reaches_the_mentor_only_once_a_day(
    tenant_a, tenant_b, run_reminders
):
    pair = _working_pair(tenant_a)
    soon = _meeting_plan(pair, DAY + timedelta(days=2), kind="trial", starts_at=time(15, 30), place="каб. 12")
    today = _meeting_plan(pair, DAY, online=True)
    in_a_week = _meeting_plan(pair, DAY + timedelta(days=7), kind="final")
    later = _meeting_plan(pair, DAY + timedelta(days=8))  # not yet
    _meeting_plan(pair, DAY - timedelta(days=1))  # its day has passed
    _meeting_plan(pair, DAY + timedelta(days=1), cancelled_at=local_time())
    held = Meeting.objects.get(pair=pair)
    _meeting_plan(pair, DAY + timedelta(days=1), kind="planning", meeting=held)  # logged as held
    # A development plan's task due soon is no meeting: no reminder of it.
    PlanTask.objects.create(
        organization=pair.organization,
        plan=DevelopmentPlan.objects.get(member__pair=pair),
        title="Решить олимпиаду 2024 года",
        due_on=DAY + timedelta(days=2),
    )
    _meeting_plan(Pair.objects.get(organization=tenant_b.organization), DAY)  # B's pair is not working

    run_reminders()

    notifications = Notification.objects.filter(kind="meeting_upcoming")
    assert {n.key for n in notifications} == {
        f"meeting_plan:{soon.pk}",
        f"meeting_plan:{today.pk}",
        f"meeting_plan:{in_a_week.pk}",
    }
    assert recipients("meeting_upcoming") == {tenant_a.mentor.pk}
    notification = notifications.get(key=f"meeting_plan:{soon.pk}")
    mentee = pair.members.get().mentee
    names = f"пара: {pair.mentor.short_name} и {mentee.short_name}"
    assert notification.title == f"Пробная встреча через 2 дня в 15:30 ({names})"
    assert f"{soon.planned_for:%d.%m.%Y} в 15:30" in notification.body and "«каб. 12»" in notification.body
    assert notification.body.startswith(f"Пара: {pair.mentor.short_name} и {mentee.short_name}, программа")
    assert notification.link == reverse(
        "pairs:my_pair", kwargs={"org_slug": tenant_a.organization.slug, "pair_id": pair.pk}
    )
    assert notifications.get(key=f"meeting_plan:{today.pk}").title.startswith("Встреча сегодня")
    assert "онлайн" in notifications.get(key=f"meeting_plan:{today.pk}").body

    # Once a day: the run again changes nothing; the next day reminds of the week ahead again.
    run_reminders(local_time("Europe/Moscow", 8))
    assert notifications.count() == 3
    MeetingPlan.objects.filter(pk=in_a_week.pk).update(cancelled_at=local_time())
    run_reminders(local_time(day=DAY + timedelta(days=1)))
    assert {n.key for n in notifications.filter(day=DAY + timedelta(days=1))} == {
        f"meeting_plan:{soon.pk}",
        f"meeting_plan:{later.pk}",
    }


@pytest.mark.usefixtures("pairs_seeded")
def test_a_planned_meeting_of_a_mentor_no_longer_in_the_organisation_reminds_nobody(tenant_a, run_reminders):
    pair = _working_pair(tenant_a)
    _meeting_plan(pair, DAY + timedelta(days=1))
    Membership.objects.filter(user=tenant_a.mentor).update(is_active=False)

    run_reminders()

    assert not Notification.objects.filter(kind="meeting_upcoming").exists()


def test_nobody_outside_the_organisation_is_reminded(tenant_a, run_reminders):
    outsider = UserFactory()
    roadmap = make_roadmap(tenant_a.organization)
    add_activity(roadmap, "Мероприятие постороннего", DAY, user=outsider)

    run_reminders()

    assert recipients("roadmap_due") == {tenant_a.curator.pk}  # the named outsider is no member


@pytest.mark.usefixtures("pairs_seeded")
def test_a_tenant_s_run_costs_the_same_queries_for_few_or_many_people_and_things(tenant_a):
    """Each kind reads in SQL; recipients come from the members loaded once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.reminders.services import tenant_reminders_store

    organization = tenant_a.organization
    pair = _working_pair(tenant_a)
    roadmap = make_roadmap(organization)

    def grow(size):
        for n in range(size):
            person = MembershipFactory(organization=organization, role=Role.CURATOR).user
            add_activity(roadmap, f"Мероприятие {n}", DAY + timedelta(days=n % 7), user=person)
            add_activity(roadmap, f"Просрочено {n}", DAY - timedelta(days=1 + n), role=Role.STAFF)
            ParticipantFactory(organization=organization)
            meeting = Meeting.objects.create(
                organization=organization, pair=pair, kind="regular", held_on=DAY - timedelta(days=1 + n)
            )
            meeting.attendees.set([pair.mentor])
            # A mentor's planned meeting in the week ahead, each in a pair of its own.
            mentor = ParticipantFactory(organization=organization, category="teacher", account=person)
            planned = Pair.objects.create(
                organization=organization, programme=pair.programme, mentor=mentor, status=Pair.Status.ACTIVE
            )
            _meeting_plan(planned, DAY + timedelta(days=n % 7))

    def queries(day):
        """Reads and writes other than the batched INSERT of the notifications (500 a batch)."""
        with CaptureQueriesContext(connection) as captured:
            stored = tenant_reminders_store(owner=organization, day=day, now=local_time(day=day))
        insert = 'INSERT INTO "reminders_notification"'
        return len([q for q in captured.captured_queries if not q["sql"].startswith(insert)]), stored

    grow(2)
    few, few_stored = queries(DAY)
    grow(40)
    many, many_stored = queries(DAY + timedelta(days=1))
    assert many_stored > few_stored * 5
    assert many == few


@pytest.mark.usefixtures("pairs_seeded")
def test_an_invitation_reaches_the_invitee_with_an_account_every_day_of_the_week_before(
    tenant_a, committee_user, run_reminders
):
    from apps.events.models import Event
    from apps.events.services import events as event_services

    def event(owner_kwargs, days, title):
        return Event.objects.create(
            **owner_kwargs,
            kind=Event.Kind.SEMINAR,
            title=title,
            starts_at=local_time(hour=15, day=DAY + timedelta(days=days)),
            place="Актовый зал",
        )

    organization = tenant_a.organization
    mentor = Participant.objects.get(organization=organization, account=tenant_a.mentor)
    soon = event({"organization": organization, "municipality": organization.municipality}, 3, "Семинар")
    later = event({"organization": organization, "municipality": organization.municipality}, 9, "Позже")
    for row in (soon, later):
        event_services.event_invite(
            event=row, actor=tenant_a.curator, via="person", participants=[mentor], names=["Гость Г.Г."]
        )
    municipal = event({"organization": None, "municipality": organization.municipality}, 1, "Совещание")
    event_services.event_invite(event=municipal, actor=committee_user, via="team", users=[committee_user])
    event_services.event_invite(event=municipal, actor=committee_user, via="curators")

    run_reminders()

    notifications = Notification.objects.filter(kind="event_upcoming")
    mine = notifications.get(user=tenant_a.mentor)
    assert mine.title == "Мероприятие «Семинар» через 3 дня в 15:00"
    assert "Место: Актовый зал." in mine.body
    assert mine.link == reverse("events:mine", kwargs={"org_slug": organization.slug})
    committee = notifications.get(user=committee_user)
    assert committee.title.startswith("Мероприятие «Совещание» завтра")
    # The curators the committee invited are reminded in their organisation.
    curator = notifications.get(user=tenant_a.curator)
    assert curator.organization == organization and curator.title.startswith("Мероприятие «Совещание»")
    assert recipients("event_upcoming") == {tenant_a.mentor.pk, committee_user.pk, tenant_a.curator.pk}
