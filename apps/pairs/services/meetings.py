"""A pair's meetings: planned by the mentor, logged once held, and the feedback after each."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.participants.models import Participant

from ..models import OPEN_PLAN, WORKING_STATUSES, Meeting, MeetingFeedback, MeetingPlan, Pair
from .pairs import pair_activate


@transaction.atomic
def meeting_log(
    *, pair: Pair, actor, kind: str, held_on, place="", online=False, notes="", attendees=(), plan=None
) -> Meeting:
    """Log a meeting once held; `plan`, the planned meeting it was, is then no longer open.
    The first meeting of an approved pair starts its work."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)  # the status as it is now
    if pair.status not in WORKING_STATUSES:
        raise ValidationError(_("Meetings are logged for approved and working pairs."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A meeting cannot be logged before it is held.")})
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
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    if plan is not None:
        plan.meeting = meeting
        plan.save(update_fields=["meeting"])
    if pair.status == Pair.Status.APPROVED:
        pair = pair_activate(pair=pair, actor=actor)
    pair.log(
        "pair.meeting_logged", actor=actor, data={"kind": kind, "plan": plan.pk} if plan else {"kind": kind}
    )
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
    *, meeting: Meeting, actor, author: Participant, rating: int, comment: str = ""
) -> MeetingFeedback:
    """Feedback of one attendee after a meeting; given again, it replaces the earlier one."""
    if not meeting.attendees.filter(pk=author.pk).exists():
        raise ValidationError(_("Feedback comes from those who attended the meeting."))
    feedback, _created = MeetingFeedback.objects.update_or_create(
        meeting=meeting, author=author, defaults={"rating": rating, "comment": comment}
    )
    meeting.pair.log("pair.feedback_given", actor=actor, data={"meeting": meeting.pk, "author": author.pk})
    return feedback
