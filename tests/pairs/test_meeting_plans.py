"""Planned meetings: the mentor plans them, cancels them or logs them as held; the curator
reads them; nobody else reaches them."""

import threading
from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.audit.models import AuditEntry
from apps.organizations.roles import Role
from apps.pairs.models import Meeting, MeetingPlan, Pair
from apps.pairs.selectors import meeting_plans_of
from apps.pairs.services import meetings, pairs
from tests.factories import MembershipFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.usefixtures("pairs_seeded")


def _url(tenant, name, **kwargs):
    return reverse(f"pairs:{name}", kwargs={"org_slug": tenant.organization.slug, **kwargs})


def _working_pair(tenant, status=Pair.Status.APPROVED) -> Pair:
    pair = Pair.objects.get(organization=tenant.organization, mentor__account=tenant.mentor)
    pair.status = status
    pair.save()
    return pair


def _plan(pair, actor, days=1, kind="regular", **fields) -> MeetingPlan:
    return meetings.meeting_plan_add(
        pair=pair, actor=actor, kind=kind, planned_for=timezone.localdate() + timedelta(days=days), **fields
    )


# --- Services ----------------------------------------------------------------------------


def test_a_working_pair_plans_a_meeting_and_it_is_upcoming(tenant_a):
    pair = _working_pair(tenant_a)
    plan = _plan(pair, tenant_a.mentor, days=3, kind="trial", starts_at=time(15, 30), place="каб. 12")

    assert (plan.organization, plan.created_by, plan.meeting, plan.cancelled_at) == (
        tenant_a.organization,
        tenant_a.mentor,
        None,
        None,
    )
    assert meeting_plans_of(pair) == [plan] and not meeting_plans_of(pair)[0].passed
    entry = AuditEntry.objects.get(action="pair.meeting_planned")
    assert entry.target_id == pair.pk and entry.data == {"kind": "trial", "plan": plan.pk}
    # Today is not too late: a meeting later the same day.
    assert _plan(pair, tenant_a.mentor, days=0).planned_for == timezone.localdate()


def test_a_day_that_has_passed_cannot_be_planned(tenant_a):
    pair = _working_pair(tenant_a)
    with pytest.raises(ValidationError) as refused:
        _plan(pair, tenant_a.mentor, days=-1)
    assert "planned_for" in refused.value.error_dict
    assert not MeetingPlan.objects.exists()


@pytest.mark.parametrize("status", [Pair.Status.PROPOSED, Pair.Status.COMPLETED, Pair.Status.DISSOLVED])
def test_only_a_working_pair_plans_meetings(tenant_a, status):
    pair = _working_pair(tenant_a, status=status)
    with pytest.raises(ValidationError):
        _plan(pair, tenant_a.mentor)
    assert not MeetingPlan.objects.exists()


def test_the_same_plan_submitted_twice_is_refused(tenant_a):
    pair = _working_pair(tenant_a)
    first = _plan(pair, tenant_a.mentor, days=2)
    with pytest.raises(ValidationError):
        _plan(pair, tenant_a.mentor, days=2)
    assert list(MeetingPlan.objects.all()) == [first]
    # Another kind of meeting that day is another plan; once cancelled, the day is free again.
    _plan(pair, tenant_a.mentor, days=2, kind="planning")
    meetings.meeting_plan_cancel(plan=first, actor=tenant_a.mentor)
    _plan(pair, tenant_a.mentor, days=2)
    assert MeetingPlan.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_the_same_moment_plans_once(tenant_a):
    with scopes_disabled():
        pair = _working_pair(tenant_a)
    barrier = threading.Barrier(2)
    refused, errors = [], []

    def submit():
        try:
            with scopes_disabled():
                barrier.wait(timeout=10)
                _plan(pair, tenant_a.mentor, days=2)
        except ValidationError as error:
            refused.append(error)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and len(refused) == 1
    assert MeetingPlan.objects.count() == 1


def test_a_cancelled_plan_is_no_longer_upcoming(tenant_a):
    pair = _working_pair(tenant_a)
    plan = _plan(pair, tenant_a.mentor)
    meetings.meeting_plan_cancel(plan=plan, actor=tenant_a.mentor)
    meetings.meeting_plan_cancel(plan=plan, actor=tenant_a.mentor)  # a double click changes nothing

    plan.refresh_from_db()
    assert plan.cancelled_at is not None and meeting_plans_of(pair) == []
    assert AuditEntry.objects.filter(action="pair.meeting_plan_cancelled").count() == 1


def test_logging_a_planned_meeting_links_it_and_ends_the_plan(tenant_a):
    pair = _working_pair(tenant_a)
    plan = _plan(pair, tenant_a.mentor, days=0, kind="trial")
    meeting = meetings.meeting_log(
        pair=pair,
        actor=tenant_a.mentor,
        kind=plan.kind,
        held_on=plan.planned_for,
        attendees=[pair.mentor],
        plan=plan,
    )

    plan.refresh_from_db()
    assert plan.meeting == meeting and meeting_plans_of(pair) == []
    assert AuditEntry.objects.filter(action="pair.meeting_logged").latest("pk").data == {
        "kind": "trial",
        "plan": plan.pk,
    }
    # Submitted again, the plan is logged already: no second meeting; nor can it be cancelled.
    with pytest.raises(ValidationError):
        meetings.meeting_log(
            pair=pair, actor=tenant_a.mentor, kind="trial", held_on=plan.planned_for, plan=plan
        )
    with pytest.raises(ValidationError):
        meetings.meeting_plan_cancel(plan=plan, actor=tenant_a.mentor)
    assert Meeting.objects.filter(pair=pair, kind="trial").count() == 1
    assert MeetingPlan.objects.get().cancelled_at is None


def test_a_plan_whose_day_has_passed_stays_open_until_logged_or_cancelled(tenant_a):
    pair = _working_pair(tenant_a)
    plan = _plan(pair, tenant_a.mentor, days=0)
    MeetingPlan.objects.filter(pk=plan.pk).update(planned_for=timezone.localdate() - timedelta(days=2))

    [shown] = meeting_plans_of(pair)
    assert shown.pk == plan.pk and shown.passed
    meetings.meeting_log(
        pair=pair,
        actor=tenant_a.mentor,
        kind="regular",
        held_on=shown.planned_for,
        plan=shown,
        confirm_order=True,  # before the trial and planning meetings
    )
    assert meeting_plans_of(pair) == []


# --- Views -------------------------------------------------------------------------------


def _plan_form(days=1, kind="regular", **fields):
    data = {"plan-kind": kind, "plan-planned_for": (timezone.localdate() + timedelta(days=days)).isoformat()}
    return data | {f"plan-{name}": value for name, value in fields.items()}


def test_the_mentor_plans_sees_and_cancels_a_meeting(client, tenant_a):
    pair = _working_pair(tenant_a)
    client.force_login(tenant_a.mentor)
    form = _plan_form(days=3, kind="trial", starts_at="16:00", place="каб. 12", note="Взять задачи")
    for _ in range(2):  # a double click
        response = client.post(_url(tenant_a, "meeting_plan_add", pair_id=pair.pk), form)
        assert response.url == _url(tenant_a, "my_pair", pair_id=pair.pk)
    plan = MeetingPlan.objects.get()
    assert (plan.kind, plan.starts_at, plan.place, plan.note) == (
        "trial",
        time(16),
        "каб. 12",
        "Взять задачи",
    )

    page = client.get(_url(tenant_a, "my_pair", pair_id=pair.pk))
    assert page.context["meeting_plans"] == [plan]
    html = page.content.decode()
    assert html.count('data-testid="meeting-plan"') == 1 and 'data-testid="cancel-meeting-plan"' in html

    client.post(_url(tenant_a, "meeting_plan_cancel", pair_id=pair.pk, meeting_plan_id=plan.pk))
    plan.refresh_from_db()
    assert plan.cancelled_at is not None
    assert client.get(_url(tenant_a, "my_pair", pair_id=pair.pk)).context["meeting_plans"] == []


def test_a_past_day_or_a_proposed_pair_is_refused_by_the_view(client, tenant_a):
    pair = _working_pair(tenant_a, status=Pair.Status.PROPOSED)
    client.force_login(tenant_a.mentor)
    client.post(_url(tenant_a, "meeting_plan_add", pair_id=pair.pk), _plan_form())
    _working_pair(tenant_a)
    client.post(_url(tenant_a, "meeting_plan_add", pair_id=pair.pk), _plan_form(days=-1))
    assert not MeetingPlan.objects.exists()
    page = client.get(_url(tenant_a, "my_pair", pair_id=pair.pk))
    assert 'data-testid="meeting-plan-form"' in page.content.decode()  # working now: it may plan


def test_a_refused_plan_is_shown_again_as_typed_with_the_error_at_its_field(client, tenant_a):
    pair = _working_pair(tenant_a)
    client.force_login(tenant_a.mentor)
    form = _plan_form(kind="trial", place="кабинет 12", note="Взять задачи") | {"plan-planned_for": ""}
    response = client.post(_url(tenant_a, "meeting_plan_add", pair_id=pair.pk), form)
    assert response.status_code == 200 and not MeetingPlan.objects.exists()
    assert response.context["plan_form"].errors["planned_for"]
    html = response.content.decode()
    assert 'value="кабинет 12"' in html and "Взять задачи" in html
    past = client.post(
        _url(tenant_a, "meeting_plan_add", pair_id=pair.pk), _plan_form(days=-1, place="кабинет 12")
    )
    assert past.context["plan_form"].errors["planned_for"] and 'value="кабинет 12"' in past.content.decode()


def test_the_mentor_marks_a_planned_meeting_as_held(client, tenant_a):
    pair = _working_pair(tenant_a)
    mentee = pair.members.get().mentee
    plan = _plan(pair, tenant_a.mentor, days=0, kind="trial", place="библиотека")
    client.force_login(tenant_a.mentor)

    # "Mark as held" fills the meeting form from the plan.
    page = client.get(_url(tenant_a, "my_pair", pair_id=pair.pk), {"plan": plan.pk})
    assert page.context["held_plan"] == plan
    assert page.context["meeting_form"].initial == {
        "kind": "trial",
        "held_on": plan.planned_for,
        "place": "библиотека",
        "online": False,
        "meeting_plan": plan.pk,
    }
    form = {
        "kind": "trial",
        "held_on": plan.planned_for.isoformat(),
        "place": "библиотека",
        "meeting_plan": plan.pk,
        "attendees": [pair.mentor_id, mentee.pk],
    }
    for _ in range(2):  # a double click logs one meeting
        client.post(_url(tenant_a, "meeting_add", pair_id=pair.pk), form)

    meeting = Meeting.objects.get(pair=pair, kind="trial")
    plan.refresh_from_db()
    assert plan.meeting == meeting and {p.pk for p in meeting.attendees.all()} == {pair.mentor_id, mentee.pk}
    assert client.get(_url(tenant_a, "my_pair", pair_id=pair.pk)).context["meeting_plans"] == []


def test_a_plan_planned_for_later_but_held_today_is_logged_today(client, tenant_a):
    pair = _working_pair(tenant_a)
    plan = _plan(pair, tenant_a.mentor, days=4)
    client.force_login(tenant_a.mentor)
    page = client.get(_url(tenant_a, "my_pair", pair_id=pair.pk), {"plan": plan.pk})
    assert page.context["meeting_form"].initial["held_on"] == timezone.localdate()


def test_the_curator_reads_the_planned_meetings_and_cannot_change_them(client, tenant_a):
    pair = _working_pair(tenant_a)
    plan = _plan(pair, tenant_a.mentor, days=2)
    client.force_login(tenant_a.curator)
    page = client.get(_url(tenant_a, "pair", pair_id=pair.pk))
    assert page.context["meeting_plans"] == [plan]
    html = page.content.decode()
    assert 'data-testid="meeting-plan"' in html and 'data-testid="cancel-meeting-plan"' not in html
    cancel = _url(tenant_a, "meeting_plan_cancel", pair_id=pair.pk, meeting_plan_id=plan.pk)
    assert client.post(cancel).status_code == 403
    assert client.post(_url(tenant_a, "meeting_plan_add", pair_id=pair.pk), _plan_form()).status_code == 403
    plan.refresh_from_db()
    assert plan.cancelled_at is None and MeetingPlan.objects.count() == 1


def test_another_mentor_and_another_organisation_get_404(client, tenant_a, tenant_b):
    pair = _working_pair(tenant_a)
    plan = _plan(pair, tenant_a.mentor, days=2)
    b_pair = _working_pair(tenant_b)
    b_plan = _plan(b_pair, tenant_b.mentor, days=2)

    # Another mentor of the same organisation, with a pair of their own.
    other = UserFactory()
    MembershipFactory(organization=tenant_a.organization, role=Role.MENTOR, user=other)
    own = Pair.objects.create(
        organization=tenant_a.organization,
        programme=pair.programme,
        mentor=ParticipantFactory(organization=tenant_a.organization, account=other),
        status=Pair.Status.ACTIVE,
    )
    pairs.mentor_grant_access(pair=own)
    client.force_login(other)
    assert client.get(_url(tenant_a, "my_pair", pair_id=own.pk)).status_code == 200
    cancel = _url(tenant_a, "meeting_plan_cancel", pair_id=pair.pk, meeting_plan_id=plan.pk)
    assert client.post(cancel).status_code == 404
    assert client.post(_url(tenant_a, "meeting_plan_add", pair_id=pair.pk), _plan_form()).status_code == 404
    # Their own pair with somebody else's plan in the URL, or in the meeting form.
    cancel_through_own = _url(tenant_a, "meeting_plan_cancel", pair_id=own.pk, meeting_plan_id=plan.pk)
    assert client.post(cancel_through_own).status_code == 404
    meeting = {"kind": "regular", "held_on": timezone.localdate().isoformat(), "meeting_plan": plan.pk}
    assert client.post(_url(tenant_a, "meeting_add", pair_id=own.pk), meeting).status_code == 404
    # ?plan= of somebody else's plan fills nothing in.
    page = client.get(_url(tenant_a, "my_pair", pair_id=own.pk), {"plan": plan.pk})
    assert page.context["held_plan"] is None

    # The mentor of A, with B's plan on A's pair, and on B's own URLs.
    client.force_login(tenant_a.mentor)
    assert (
        client.post(
            _url(tenant_a, "meeting_plan_cancel", pair_id=pair.pk, meeting_plan_id=b_plan.pk)
        ).status_code
        == 404
    )
    b_cancel = reverse(
        "pairs:meeting_plan_cancel",
        kwargs={"org_slug": tenant_b.organization.slug, "pair_id": b_pair.pk, "meeting_plan_id": b_plan.pk},
    )
    assert client.post(b_cancel).status_code == 404
    assert not MeetingPlan.objects.filter(cancelled_at__isnull=False).exists()
    assert not Meeting.objects.filter(pair=pair, kind="regular").exists()
