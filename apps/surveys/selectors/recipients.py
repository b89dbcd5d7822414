"""Who can be asked to answer a form in a programme, and who has answered already."""

from dataclasses import dataclass

from apps.pairs.models import Pair, PairMentee, Programme
from apps.participants.models import Participant
from apps.participants.models import Status as ParticipantStatus

from ..models import RespondentRole, SurveyForm, SurveyResponse


@dataclass(frozen=True)
class Recipient:
    """A person of the programme's pairs who can be asked: a mentor, or a mentee with the
    pair (their mentor) that forms about the mentor are answered about."""

    participant: Participant
    role: str
    pair: Pair | None = None

    @property
    def key(self) -> str:
        return f"{self.role}-{self.participant.pk}"

    @property
    def role_label(self) -> str:
        return RespondentRole(self.role).label

    def pair_for(self, form: SurveyForm) -> Pair | None:
        return self.pair if self.role == RespondentRole.MENTEE and form.is_about_mentor else None


def programme_recipients(programme: Programme) -> list[Recipient]:
    """Mentors and mentees of the programme's pairs and groups that are not dissolved (its
    current members), in two queries; people who left are not asked."""
    pairs = (
        Pair.objects.filter(programme=programme)
        .exclude(status=Pair.Status.DISSOLVED)
        .select_related("mentor")
        .order_by("mentor__last_name", "mentor__first_name", "pk")
    )
    members = (
        PairMentee.objects.filter(pair__programme=programme, left_at__isnull=True)
        .exclude(pair__status=Pair.Status.DISSOLVED)
        .select_related("mentee", "pair")
        .order_by("mentee__last_name", "mentee__first_name", "-pk")
    )
    recipients: dict[str, Recipient] = {}
    for pair in pairs:
        recipient = Recipient(participant=pair.mentor, role=RespondentRole.MENTOR)
        recipients.setdefault(recipient.key, recipient)
    for member in members:
        # A mentee in two groups is asked once, about the pair they joined last.
        recipient = Recipient(participant=member.mentee, role=RespondentRole.MENTEE, pair=member.pair)
        recipients.setdefault(recipient.key, recipient)
    return [
        r
        for r in recipients.values()
        if r.participant.anonymised_at is None and r.participant.status != ParticipantStatus.LEFT
    ]


def answered_respondents(*, form: SurveyForm, programme: Programme, stage: str) -> set[int]:
    return set(
        SurveyResponse.objects.filter(
            form=form, programme=programme, stage=stage, respondent__isnull=False
        ).values_list("respondent_id", flat=True)
    )
