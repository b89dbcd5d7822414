"""«Школа наставников»: the sessions of a programme's course and who attended them.

A mentor who attended every session of the course is trained (`Enrollment.trained_on`, the day
of the last session). A mentor trained stays trained when a later session is added (a new
group's course, a refresher): only a correction of the attendance of a session their training
counted undoes it."""

from django.db import transaction

from ..models import Enrollment, Programme, TrainingSession


@transaction.atomic
def training_session_add(*, programme: Programme, actor, held_on, topic: str) -> TrainingSession:
    session = TrainingSession(programme=programme, held_on=held_on, topic=topic)
    session.full_clean()
    session.save()
    programme.log("programme.training_changed", actor=actor)
    _update_trained(programme)
    return session


@transaction.atomic
def training_attendance_set(*, session: TrainingSession, actor, present_ids) -> None:
    """Who attended a session; mentors who attended every session are marked as trained."""
    mentors = Enrollment.objects.filter(programme=session.programme, side=Enrollment.Side.MENTOR)
    allowed = set(mentors.values_list("participant_id", flat=True))
    session.attendees.set([pk for pk in present_ids if pk in allowed])
    session.programme.log("programme.training_changed", actor=actor)
    _update_trained(session.programme, corrected=session)


def _update_trained(programme: Programme, *, corrected: TrainingSession | None = None) -> None:
    """Mentors who attended every session are trained; those trained already keep their date.
    `corrected`: the session whose attendance was just set; who is not in it any more loses
    the training it counted for (trained on or after its day)."""
    sessions = list(programme.training_sessions.prefetch_related("attendees"))
    if not sessions:
        return
    last_day = max(s.held_on for s in sessions)
    attended_all = set.intersection(*({a.pk for a in s.attendees.all()} for s in sessions))
    mentors = Enrollment.objects.filter(programme=programme, side=Enrollment.Side.MENTOR)
    mentors.filter(participant_id__in=attended_all, trained_on__isnull=True).update(trained_on=last_day)
    if corrected is not None:
        present = {a.pk for a in corrected.attendees.all()}
        mentors.exclude(participant_id__in=present).filter(trained_on__gte=corrected.held_on).update(
            trained_on=None
        )
