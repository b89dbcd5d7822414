"""A pair's meetings: planned by the mentor, logged once held, and the feedback after each."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.participants.models import Participant

from ..models import OPEN_PLAN, WORKING_STATUSES, Meeting, MeetingFeedback, MeetingPlan, Pair
from .pairs import pair_activate

# The meetings of a pair, in the order the programme runs them (seed 000, stage 6).
SEQUENCE = [
    Meeting.Kind.ORGANISATIONAL,
    Meeting.Kind.TRIAL,
    Meeting.Kind.PLANNING,
    Meeting.Kind.REGULAR,
    Meeting.Kind.FINAL,
]
# A pair holds each of these once; regular meetings as often as it meets.
ONCE = frozenset({Meeting.Kind.ORGANISATIONAL, Meeting.Kind.TRIAL, Meeting.Kind.PLANNING, Meeting.Kind.FINAL})
OUT_OF_ORDER = "out_of_order"


def next_meeting_kind(held_kinds) -> str:
    """The kind the form offers: the first meeting of the sequence not held yet, then regular."""
    held = set(held_kinds)
    for kind in SEQUENCE[:3]:
        if kind not in held:
            return kind
    return Meeting.Kind.REGULAR


def meeting_kind_check(*, meetings, kind: str, confirmed: bool) -> None:
    """Refuse a second organisational, trial, planning or final meeting, and any meeting after
    the final one; a kind whose earlier meetings are missing needs the person's confirmation.

    `meetings`: the pair's meetings held so far."""
    label = dict(Meeting.Kind.choices)
    held = {m.kind: m for m in meetings}
    final = held.get(Meeting.Kind.FINAL)
    if final is not None:
        raise ValidationError(
            _("The final meeting of this pair was held on %(day)s: the pair's meetings are over.")
            % {"day": date_format(final.held_on, "d.m.Y")}
        )
    if kind in ONCE and kind in held:
        raise ValidationError(
            _(
                "%(kind)s of this pair was held on %(day)s: a pair holds it once. "
                "Log this one as a regular meeting."
            )
            % {"kind": label[kind], "day": date_format(held[kind].held_on, "d.m.Y")}
        )
    missing = [label[k] for k in SEQUENCE[: SEQUENCE.index(kind)] if k in ONCE and k not in held]
    if missing and not confirmed:
        raise ValidationError(
            _("Out of order: the pair has not held %(missing)s yet. Confirm to log the meeting anyway.")
            % {"missing": ", ".join(str(m).lower() for m in missing)},
            code=OUT_OF_ORDER,
        )


@transaction.atomic
def meeting_log(
    *,
    pair: Pair,
    actor,
    kind: str,
    held_on,
    place="",
    online=False,
    notes="",
    attendees=(),
    plan=None,
    confirm_order=False,
    entered_by_curator=False,
) -> Meeting:
    """Log a meeting once held; `plan`, the planned meeting it was, is then no longer open.
    The first meeting of an approved pair starts its work. The sequence of meetings is
    checked (`meeting_kind_check`); a curator logging for the mentor marks the meeting so."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)  # the status as it is now
    if pair.status not in WORKING_STATUSES:
        raise ValidationError(_("Meetings are logged for approved and working pairs."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting cannot be logged before it is held.")})
    starts_on = pair.programme.starts_on
    if held_on < starts_on:
        raise ValidationError(
            {
                "held_on": _("The programme starts on %(date)s: a meeting of its pair cannot be earlier.")
                % {"date": date_format(starts_on, "d.m.Y")}
            }
        )
    meeting_kind_check(meetings=pair.meetings.all(), kind=kind, confirmed=confirm_order)
    if plan is not None:
        # A double submit finds the plan logged by the first: one meeting, not two.
        plan = MeetingPlan.objects.select_for_update().filter(OPEN_PLAN, pk=plan.pk, pair=pair).first()
        if plan is None:
            raise ValidationError(_("This planned meeting is already logged or cancelled."))
    meeting = Meeting(
        pair=pair,
        kind=kind,
        held_on=held_on,
        place=place,
        online=online,
        notes=notes,
        created_by=actor,
        entered_by_curator=entered_by_curator,
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    if plan is not None:
        plan.meeting = meeting
        plan.save(update_fields=["meeting"])
    if pair.status == Pair.Status.APPROVED:
        pair = pair_activate(pair=pair, actor=actor)
    data = {"kind": kind, "plan": plan.pk} if plan else {"kind": kind}
    if entered_by_curator:
        data["entered_by_curator"] = True
    pair.log("pair.meeting_logged", actor=actor, data=data)
    return meeting


@transaction.atomic
def meeting_plan_add(
    *, pair: Pair, actor, kind: str, planned_for, starts_at=None, place="", online=False, note=""
) -> MeetingPlan:
    """The mentor plans a meeting; it is reminded of in the days before."""
    # The pair's row lock also serialises a double submit: the second finds the first plan.
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if pair.status not in WORKING_STATUSES:
        raise ValidationError(_("Meetings are planned for approved and working pairs."))
    if planned_for < timezone.localdate():
        raise ValidationError({"planned_for": _("A meeting cannot be planned for a day that has passed.")})
    plan = MeetingPlan(
        pair=pair,
        kind=kind,
        planned_for=planned_for,
        starts_at=starts_at,
        place=place,
        online=online,
        note=note,
        created_by=actor,
    )
    plan.full_clean()  # refuses the same open plan twice (the model's constraint)
    plan.save()
    pair.log("pair.meeting_planned", actor=actor, data={"kind": kind, "plan": plan.pk})
    return plan


@transaction.atomic
def meeting_plan_cancel(*, plan: MeetingPlan, actor) -> MeetingPlan:
    plan = MeetingPlan.objects.select_for_update(of=("self",)).select_related("pair").get(pk=plan.pk)
    if plan.meeting_id:
        raise ValidationError(_("This meeting is already logged as held."))
    if plan.cancelled_at:
        return plan  # a double click changes nothing
    plan.cancelled_at = timezone.now()
    plan.save(update_fields=["cancelled_at"])
    plan.pair.log("pair.meeting_plan_cancelled", actor=actor, data={"kind": plan.kind, "plan": plan.pk})
    return plan


@transaction.atomic
def feedback_give(
    *,
    meeting: Meeting,
    actor,
    author: Participant,
    rating: int,
    comment: str = "",
    entered_by_curator: bool = False,
) -> MeetingFeedback:
    """Feedback of one attendee after a meeting; given again, it replaces the earlier one."""
    if not meeting.attendees.filter(pk=author.pk).exists():
        raise ValidationError(_("Feedback comes from those who attended the meeting."))
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    feedback, _created = MeetingFeedback.objects.update_or_create(
        meeting=meeting,
        author=author,
        defaults={"rating": rating, "comment": comment, "entered_by_curator": entered_by_curator},
    )
    data = {"meeting": meeting.pk, "author": author.pk}
    if entered_by_curator:
        data["entered_by_curator"] = True
    meeting.pair.log("pair.feedback_given", actor=actor, data=data)
    return feedback
