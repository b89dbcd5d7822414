"""The curator logs meetings and feedback for a pair; the sequence of meetings; the decision
after the trial meeting."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import AuditEntry
from apps.pairs.models import Enrollment, Meeting, MeetingFeedback, Pair
from apps.pairs.services import meetings, pairs
from apps.pairs.services.meetings import next_meeting_kind

pytestmark = pytest.mark.usefixtures("pairs_seeded")
TODAY = timezone.localdate


def _url(tenant, name, **kwargs):
    return reverse(f"pairs:{name}", kwargs={"org_slug": tenant.organization.slug, **kwargs})


def _working_pair(tenant) -> Pair:
    """The seeded pair (its organisational meeting held), approved."""
    pair = Pair.objects.get(organization=tenant.organization, mentor__account=tenant.mentor)
    pair.status = Pair.Status.APPROVED
    pair.save()
    return pair


def _meeting(pair, kind, **extra):
    mentee = pair.members.get().mentee
    return {"kind": kind, "held_on": TODAY().isoformat(), "attendees": [pair.mentor_id, mentee.pk], **extra}


def test_the_curator_logs_a_meeting_and_feedback_marked_as_theirs(client, tenant_a):
    pair = _working_pair(tenant_a)
    client.force_login(tenant_a.curator)
    page = client.get(_url(tenant_a, "pair", pair_id=pair.pk))
    assert page.context["meeting_form"].initial["kind"] == "trial"  # the next of the sequence
    response = client.post(_url(tenant_a, "pair_meeting_add", pair_id=pair.pk), _meeting(pair, "trial"))
    assert response.status_code == 302
    meeting = Meeting.objects.get(pair=pair, kind="trial")
    assert meeting.entered_by_curator and meeting.created_by == tenant_a.curator
    client.post(
        _url(tenant_a, "pair_feedback_add", pair_id=pair.pk, meeting_id=meeting.pk),
        {"author": pair.mentor_id, "rating": 4, "comment": "Хорошо"},
    )
    feedback = MeetingFeedback.objects.get(meeting=meeting)
    assert (feedback.rating, feedback.entered_by_curator) == (4, True)
    page = client.get(_url(tenant_a, "pair", pair_id=pair.pk)).content.decode()
    assert "внесено куратором" in page


def test_feedback_without_a_rating_is_refused_with_a_message(client, tenant_a):
    pair = _working_pair(tenant_a)
    meeting = pair.meetings.get()
    client.force_login(tenant_a.mentor)
    page = client.get(_url(tenant_a, "my_pair", pair_id=pair.pk)).content.decode()
    assert '<option value="" selected>—</option>' in page  # no rating preselected
    response = client.post(
        _url(tenant_a, "feedback_add", pair_id=pair.pk, meeting_id=meeting.pk),
        {"author": pair.mentor_id, "rating": "", "comment": "Без оценки"},
        follow=True,
    )
    assert not MeetingFeedback.objects.filter(meeting=meeting).exists()
    assert "Оценка" in response.content.decode()


def test_the_sequence_refuses_a_second_trial_and_asks_to_confirm_out_of_order(client, tenant_a):
    pair = _working_pair(tenant_a)
    client.force_login(tenant_a.mentor)
    url = _url(tenant_a, "meeting_add", pair_id=pair.pk)
    # Regular before the trial and planning meetings: shown again, asking for confirmation.
    response = client.post(url, _meeting(pair, "regular", notes="Обсудили план"))
    assert response.status_code == 200
    assert not Meeting.objects.filter(pair=pair, kind="regular").exists()
    page = response.content.decode()
    assert "Не по порядку" in page and "Обсудили план" in page  # nothing typed is lost
    assert 'name="confirm_order"' in page and 'type="checkbox"' in page
    client.post(url, _meeting(pair, "regular", confirm_order="on"))
    assert Meeting.objects.filter(pair=pair, kind="regular").count() == 1

    client.post(url, _meeting(pair, "trial"))
    response = client.post(url, _meeting(pair, "trial", confirm_order="on"))
    assert Meeting.objects.filter(pair=pair, kind="trial").count() == 1
    assert "Пробная встреча этой пары проведена" in response.content.decode()


def test_the_next_kind_and_the_final_meeting_ends_the_sequence(tenant_a):
    assert next_meeting_kind([]) == "organisational"
    assert next_meeting_kind(["organisational", "trial"]) == "planning"
    assert next_meeting_kind(["organisational", "trial", "planning", "regular"]) == "regular"
    pair = _working_pair(tenant_a)
    for kind in ("trial", "planning"):
        meetings.meeting_log(pair=pair, actor=tenant_a.curator, kind=kind, held_on=TODAY())
    meetings.meeting_log(pair=pair, actor=tenant_a.curator, kind="final", held_on=TODAY())
    with pytest.raises(ValidationError, match="Итоговая|final"):
        meetings.meeting_log(pair=pair, actor=tenant_a.curator, kind="regular", held_on=TODAY())


def test_the_mentor_decides_to_continue_after_the_trial(client, tenant_a):
    pair = _working_pair(tenant_a)
    client.force_login(tenant_a.mentor)
    decide = _url(tenant_a, "trial_decision", pair_id=pair.pk)
    client.post(decide, {"decision": "continue"})
    pair.refresh_from_db()
    assert pair.trial_decision == ""  # no trial meeting yet: refused
    meetings.meeting_log(pair=pair, actor=tenant_a.mentor, kind="trial", held_on=TODAY())
    page = client.get(_url(tenant_a, "my_pair", pair_id=pair.pk))
    assert page.context["trial_decision_due"]

    # The curator's home lists the pair until someone decides.
    client.force_login(tenant_a.curator)
    home = client.get(reverse("organizations:home", kwargs={"org_slug": tenant_a.organization.slug}))
    assert pair.mentor.short_name in home.content.decode()

    client.force_login(tenant_a.mentor)
    client.post(decide, {"decision": "continue"})
    pair.refresh_from_db()
    assert pair.trial_decision == "continue" and pair.trial_decided_by == tenant_a.mentor
    assert AuditEntry.objects.filter(action="pair.trial_continued").count() == 1
    client.force_login(tenant_a.curator)
    board = client.get(_url(tenant_a, "board")).content.decode()
    assert "после пробной встречи: продолжать" in board.lower()
    home = client.get(reverse("organizations:home", kwargs={"org_slug": tenant_a.organization.slug}))
    assert "решения нет" not in home.content.decode()


def test_rematch_after_the_trial_returns_the_mentee_and_avoids_the_mentor(client, tenant_a):
    pair = _working_pair(tenant_a)
    mentee = pair.members.get().mentee
    meetings.meeting_log(pair=pair, actor=tenant_a.curator, kind="trial", held_on=TODAY() - timedelta(days=1))
    client.force_login(tenant_a.curator)
    decide = _url(tenant_a, "pair_trial_decision", pair_id=pair.pk)
    client.post(decide, {"decision": "rematch", "reason": ""})
    pair.refresh_from_db()
    assert pair.trial_decision == ""  # a rematch needs its reason
    client.post(decide, {"decision": "rematch", "reason": "Не совпали интересы"})
    pair.refresh_from_db()
    assert pair.trial_decision == "rematch" and pair.status == Pair.Status.DISSOLVED
    member = pair.members.get()
    assert member.rematch and member.left_reason == "Не совпали интересы"
    assert Enrollment.objects.get(programme=pair.programme, participant=mentee, side="mentee").needs_support
    history = client.get(_url(tenant_a, "pair", pair_id=pair.pk)).content.decode()
    assert "После пробной встречи: наставляемому подбирают другого наставника" in history
    # Decided already: a second decision (a double click) changes nothing.
    assert pairs.pair_trial_decide(pair=pair, actor=None, decision="continue").trial_decision == "rematch"
