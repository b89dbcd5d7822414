"""Mentors work on their own pairs only: meetings and the feedback after each."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from apps.pairs.models import Meeting, MeetingFeedback, Pair, Programme
from apps.pairs.selectors import is_inactive
from apps.pairs.services import meetings, pairs
from tests.factories import ConsentFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.usefixtures("pairs_seeded")


def _url(tenant, name, **kwargs):
    return reverse(f"pairs:{name}", kwargs={"org_slug": tenant.organization.slug, **kwargs})


def _own_pair(tenant):
    return Pair.objects.get(organization=tenant.organization, mentor__account=tenant.mentor)


def _approve(pair, _tenant):
    pair.status = Pair.Status.APPROVED
    pair.save()


def test_a_mentor_sees_only_their_own_pairs(client, tenant_a):
    own = _own_pair(tenant_a)
    other = Pair.objects.create(
        organization=tenant_a.organization, programme=own.programme, mentor=own.members.get().mentee
    )
    client.force_login(tenant_a.mentor)
    listed = client.get(_url(tenant_a, "my_pairs")).context["pairs"]
    assert list(listed) == [own]
    assert client.get(_url(tenant_a, "my_pair", pair_id=own.pk)).status_code == 200
    assert client.get(_url(tenant_a, "my_pair", pair_id=other.pk)).status_code == 404
    assert client.post(_url(tenant_a, "meeting_add", pair_id=other.pk), {}).status_code == 404


def test_a_mentor_logs_a_meeting_and_the_feedback_of_each_attendee(client, tenant_a):
    pair = _own_pair(tenant_a)
    _approve(pair, tenant_a)
    mentee = pair.members.get().mentee
    client.force_login(tenant_a.mentor)
    today = timezone.localdate()
    client.post(
        _url(tenant_a, "meeting_add", pair_id=pair.pk),
        {
            "kind": "trial",
            "held_on": today.isoformat(),
            "place": "каб. 12",
            "notes": "Знакомство",
            "attendees": [pair.mentor_id, mentee.pk],
        },
    )
    meeting = Meeting.objects.get(pair=pair, kind="trial")
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE  # the first meeting starts the work
    page = client.get(_url(tenant_a, "my_pair", pair_id=pair.pk))
    trial = next(m for m in page.context["meetings"] if m.pk == meeting.pk)
    assert {p.pk for p in trial.missing_feedback} == {pair.mentor_id, mentee.pk}

    for author, rating in ((pair.mentor_id, 5), (mentee.pk, 4)):
        client.post(
            _url(tenant_a, "feedback_add", pair_id=pair.pk, meeting_id=meeting.pk),
            {"author": author, "rating": rating, "comment": "Полезно"},
        )
    assert MeetingFeedback.objects.filter(meeting=meeting).count() == 2
    page = client.get(_url(tenant_a, "my_pair", pair_id=pair.pk))
    assert next(m for m in page.context["meetings"] if m.pk == meeting.pk).missing_feedback == []


def test_a_meeting_in_the_future_or_of_a_proposed_pair_is_refused(client, tenant_a):
    pair = _own_pair(tenant_a)
    client.force_login(tenant_a.mentor)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    client.post(_url(tenant_a, "meeting_add", pair_id=pair.pk), {"kind": "regular", "held_on": tomorrow})
    assert not Meeting.objects.filter(pair=pair, kind="regular").exists()  # proposed pair
    _approve(pair, tenant_a)
    client.post(_url(tenant_a, "meeting_add", pair_id=pair.pk), {"kind": "regular", "held_on": tomorrow})
    assert not Meeting.objects.filter(pair=pair, kind="regular").exists()  # the future
    # Nor before its programme starts (a year typed wrong: 2025 for 2026).
    starts_on = pair.programme.starts_on
    before = (starts_on - timedelta(days=1)).isoformat()
    page = client.post(_url(tenant_a, "meeting_add", pair_id=pair.pk), {"kind": "regular", "held_on": before})
    assert not Meeting.objects.filter(pair=pair, kind="regular").exists()
    assert f"Программа начинается {starts_on:%d.%m.%Y}" in page.content.decode()


def test_feedback_only_from_attendees(tenant_a):
    meeting = _own_pair(tenant_a).meetings.first()
    stranger = ParticipantFactory(organization=tenant_a.organization)
    with pytest.raises(ValidationError):
        meetings.feedback_give(meeting=meeting, actor=None, author=stranger, rating=5)


def test_a_pair_without_meetings_for_three_weeks_is_flagged(client, tenant_a, settings):
    pair = _own_pair(tenant_a)
    pair.meetings.all().delete()
    pair.status = Pair.Status.ACTIVE
    pair.status_changed_at = timezone.now() - timedelta(days=settings.PAIR_INACTIVE_DAYS + 1)
    pair.save()
    assert is_inactive(pair)
    client.force_login(tenant_a.curator)
    board = client.get(_url(tenant_a, "board"))
    active = dict((s, pairs) for s, _label, pairs, _cards, _total in board.context["columns"])["active"]
    assert [p.inactive for p in active] == [True]
    Meeting.objects.create(
        organization=pair.organization, pair=pair, kind="regular", held_on=timezone.localdate()
    )
    assert not is_inactive(pair)


def test_approval_grants_the_mentor_their_pair(tenant_a):
    account = UserFactory()
    mentor = ParticipantFactory(organization=tenant_a.organization, programme_role="mentor", account=account)
    mentee = ParticipantFactory(organization=tenant_a.organization)
    for person in (mentor, mentee):
        ConsentFactory(participant=person)
    ConsentFactory(participant=mentor, given_by="subject", representative_name="", representative_relation="")
    programme = Programme.objects.filter(organization=tenant_a.organization).first()
    pair = Pair.objects.create(organization=tenant_a.organization, programme=programme, mentor=mentor)
    pair.members.create(organization=tenant_a.organization, mentee=mentee)
    assert not get_objects_for_user(account, "pairs.view_pair", klass=Pair).exists()
    pairs.pair_approve(pair=pair, actor=tenant_a.curator)
    assert list(get_objects_for_user(account, "pairs.view_pair", klass=Pair)) == [pair]


def test_the_mentor_keeps_the_individual_plan_and_its_completion(client, tenant_a):
    pair = _own_pair(tenant_a)
    member = pair.members.get()
    client.force_login(tenant_a.mentor)
    client.post(
        _url(tenant_a, "plan_edit", pair_id=pair.pk, member_id=member.pk), {"goals": "Победа в олимпиаде"}
    )
    client.post(
        _url(tenant_a, "plan_edit", pair_id=pair.pk, member_id=member.pk), {"title": "Решить 20 задач"}
    )
    page = client.get(_url(tenant_a, "my_pair", pair_id=pair.pk))
    row = page.context["plans"][0]
    assert row["plan"].goals == "Победа в олимпиаде"
    assert [t.title for t in row["tasks"]] == ["Разобрать задачи прошлых лет", "Решить 20 задач"]
    assert row["completion"] == 0
    client.post(_url(tenant_a, "plan_task_toggle", pair_id=pair.pk, task_id=row["tasks"][0].pk))
    assert client.get(_url(tenant_a, "my_pair", pair_id=pair.pk)).context["plans"][0]["completion"] == 50
    # The curator sees the same plan on the pair's page.
    client.force_login(tenant_a.curator)
    assert client.get(_url(tenant_a, "pair", pair_id=pair.pk)).context["plans"][0]["completion"] == 50


def test_home_pages_say_what_pairs_need(client, tenant_a):
    home = reverse("organizations:home", kwargs={"org_slug": tenant_a.organization.slug})
    client.force_login(tenant_a.mentor)
    steps = client.get(home).context["next_steps"]
    assert any(step.url == _url(tenant_a, "my_pairs") for step in steps)  # the meeting lacks feedback
    client.force_login(tenant_a.curator)
    steps = client.get(home).context["next_steps"]
    assert any(step.url == _url(tenant_a, "board") for step in steps)  # a proposal waits
