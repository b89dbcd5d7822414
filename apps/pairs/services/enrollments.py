"""Who takes part in a programme, on which side."""

from django.db import transaction

from apps.participants.models import Participant

from ..models import Enrollment, Programme


@transaction.atomic
def enrollment_add(
    *, programme: Programme, actor, participant: Participant, side: str, capacity: int = 1
) -> Enrollment:
    enrollment, created = Enrollment.objects.get_or_create(
        programme=programme, participant=participant, side=side, defaults={"capacity": capacity}
    )
    if created:
        programme.log("programme.enrolled", actor=actor, data={"participant": participant.pk, "side": side})
    return enrollment


@transaction.atomic
def enrollment_update(*, enrollment: Enrollment, actor, **fields) -> Enrollment:
    for name, value in fields.items():
        setattr(enrollment, name, value)
    enrollment.full_clean()
    enrollment.save()
    enrollment.programme.log(
        "programme.enrollment_changed",
        actor=actor,
        data={"participant": enrollment.participant_id, "fields": sorted(fields)},
    )
    return enrollment
