"""A programme with pairs to survey, and answers built through the real services."""

from dataclasses import dataclass, field
from datetime import date

import pytest

from apps.pairs.models import Pair, PairMentee, Programme
from apps.questions.models import Question
from apps.surveys import services
from apps.surveys.models import SurveyForm
from apps.surveys.selectors.recipients import Recipient
from tests.factories import ParticipantFactory, ProgrammeFactory


@dataclass
class SurveyedProgramme:
    programme: Programme
    mentors: list = field(default_factory=list)
    mentees: list = field(default_factory=list)
    pairs: list = field(default_factory=list)

    def pair_of(self, mentee):
        return PairMentee.objects.get(mentee=mentee, pair__programme=self.programme).pair


def build_programme(organization, *, mentees=3, mentors=1, surname="Ученик") -> SurveyedProgramme:
    """A programme whose mentors each lead a group; mentees are spread over the groups."""
    programme = ProgrammeFactory(organization=organization)
    built = SurveyedProgramme(programme=programme)
    for i in range(mentors):
        mentor = ParticipantFactory(
            organization=organization,
            last_name=f"Наставникова{i}",
            category="teacher",
            birth_date=date(1985, 3, 3),
            programme_role="mentor",
            email=f"mentor{i}@example.org",
        )
        built.mentors.append(mentor)
        built.pairs.append(
            Pair.objects.create(
                organization=organization, programme=programme, mentor=mentor, status="active"
            )
        )
    for i in range(mentees):
        mentee = ParticipantFactory(organization=organization, last_name=f"{surname}{i}", email="")
        built.mentees.append(mentee)
        PairMentee.objects.create(organization=organization, pair=built.pairs[i % mentors], mentee=mentee)
    return built


@pytest.fixture
def standard_forms(tenant_a):
    services.forms_create_standard(tenant_a.organization)
    return {f.kind: f for f in SurveyForm.objects.filter(organization=tenant_a.organization)}


@pytest.fixture
def surveyed(tenant_a, standard_forms) -> SurveyedProgramme:
    return build_programme(tenant_a.organization)


def default_value(question):
    if question.kind == Question.Kind.SCALE:
        return 5
    if question.kind == Question.Kind.CHOICE:
        return question.choices[0]
    return ""


def issue(form, programme, participant, role, *, stage="", actor=None):
    """A personal link: (invitation, token)."""
    batch = services.invitations_create(
        programme=programme,
        form=form,
        recipients=[Recipient(participant=participant, role=role)],
        stage=stage,
        actor=actor,
    )
    assert len(batch.issued) == 1, batch.skipped
    return batch.issued[0].invitation, batch.issued[0].token


def respond(form, programme, participant, role, *, stage="", by_parameter=None, by_position=None):
    """Answer by a personal link; values by parameter code or question position, 5 and the
    first choice elsewhere."""
    invitation, _token = issue(form, programme, participant, role, stage=stage)
    by_parameter, by_position = by_parameter or {}, by_position or {}
    values = {}
    for question in form.questions.all():
        if not question.is_asked_of(role):
            continue
        if question.parameter in by_parameter:
            values[question] = by_parameter[question.parameter]
        elif question.position in by_position:
            values[question] = by_position[question.position]
        else:
            values[question] = default_value(question)
    return services.response_submit_by_invitation(invitation=invitation, values=values)
