"""The forms a signed-in participant answers in the programmes of their current pairs."""

from dataclasses import dataclass

from apps.pairs.models import Pair, PairMentee, Programme
from apps.participants.models import Participant

from ..models import RespondentRole, Stage, SurveyForm, SurveyResponse


@dataclass
class OwnSurvey:
    """A form a signed-in participant can answer in a programme, or has answered."""

    programme: Programme
    form: SurveyForm
    participant: Participant
    role: str
    pair: Pair | None
    stage: str  # the stage the next answer is for ("" for forms without stages)
    answered: bool

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label


def own_surveys(*, organization, user) -> list[OwnSurvey]:
    """The forms the user's participant profiles in the organisation answer, per programme
    of their current pairs, in four queries."""
    participants = {p.pk: p for p in Participant.objects.filter(organization=organization, account=user)}
    if not participants:
        return []
    places: dict[tuple, tuple] = {}
    for pair in (
        Pair.objects.filter(mentor_id__in=participants)
        .exclude(status=Pair.Status.DISSOLVED)
        .select_related("programme")
    ):
        places.setdefault((pair.programme_id, pair.mentor_id, RespondentRole.MENTOR), (pair.programme, None))
    for member in (
        PairMentee.objects.filter(mentee_id__in=participants, left_at__isnull=True)
        .exclude(pair__status=Pair.Status.DISSOLVED)
        .select_related("pair__programme")
        .order_by("-pk")
    ):
        key = (member.pair.programme_id, member.mentee_id, RespondentRole.MENTEE)
        places.setdefault(key, (member.pair.programme, member.pair))
    answered = set(
        SurveyResponse.objects.filter(respondent_id__in=participants).values_list(
            "form_id", "programme_id", "respondent_id", "stage"
        )
    )
    forms = list(SurveyForm.objects.filter(organization=organization, is_active=True))
    surveys = []
    for (programme_id, participant_id, role), (programme, pair) in places.items():
        for form in forms:
            if role not in form.roles:
                continue
            stages = [Stage.BEFORE, Stage.AFTER] if form.has_stages else [Stage.NONE]
            pending = [s for s in stages if (form.pk, programme_id, participant_id, s) not in answered]
            surveys.append(
                OwnSurvey(
                    programme=programme,
                    form=form,
                    participant=participants[participant_id],
                    role=role,
                    pair=pair if form.is_about_mentor and role == RespondentRole.MENTEE else None,
                    stage=pending[0] if pending else stages[-1],
                    answered=not pending,
                )
            )
    return surveys
