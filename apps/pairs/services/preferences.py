"""The survey after the group meeting: whom each mentee and mentor would rather work with."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.participants.models import Participant

from ..models import Enrollment, Preference, Programme


@transaction.atomic
def preferences_set(*, programme: Programme, actor, chooser: Participant, chosen_ids: list[int]) -> None:
    """Whom the chooser prefers, best first (up to five people of the other side)."""
    side = Enrollment.objects.get(programme=programme, participant=chooser).side
    other = Enrollment.Side.MENTEE if side == Enrollment.Side.MENTOR else Enrollment.Side.MENTOR
    allowed = set(
        Enrollment.objects.filter(programme=programme, side=other).values_list("participant_id", flat=True)
    )
    ranked = list(dict.fromkeys(pk for pk in chosen_ids if pk))  # drop blanks and repeats, keep order
    if len(ranked) > 5 or not set(ranked) <= allowed:
        raise ValidationError(_("Choose up to five people of the programme's other side."))
    Preference.objects.filter(programme=programme, chooser=chooser).delete()
    Preference.objects.bulk_create(
        Preference(programme=programme, chooser=chooser, chosen_id=pk, rank=rank)
        for rank, pk in enumerate(ranked, start=1)
    )
    programme.log(
        "programme.preferences_changed", actor=actor, data={"chooser": chooser.pk, "count": len(ranked)}
    )
