"""Demo answers: the survey forms of every demo programme answered by most of its people,
through the same personal links a real survey uses, so that the results, the before/after
change and the dashboards have figures to show. Deterministic per organisation; running it
again keeps the answers there are and adds none."""

import random

from apps.pairs.models import Programme
from apps.questions.models import Question
from apps.surveys.models import Stage, SurveyForm, SurveyResponse
from apps.surveys.selectors.recipients import programme_recipients
from apps.surveys.services import forms_create_standard, invitations_create, response_submit_by_invitation

COMMENTS = [
    "Встречи были полезными, хотелось бы чаще.",
    "Помогли разобраться с подготовкой к олимпиаде.",
    "Удобно, что можно было встречаться онлайн.",
    "Не хватало времени на совместные проекты.",
    "",
]
# (form kind, stage, share of the people who answer); everyone is evaluated before and after,
# so that the results show the change.
ROUNDS = [
    (SurveyForm.Kind.EVALUATION, Stage.BEFORE, 1.0),
    (SurveyForm.Kind.INTERIM_FEEDBACK, Stage.NONE, 0.6),
    (SurveyForm.Kind.EVALUATION, Stage.AFTER, 1.0),
    (SurveyForm.Kind.MENTOR_SATISFACTION, Stage.NONE, 0.8),
    (SurveyForm.Kind.MENTEE_SATISFACTION, Stage.NONE, 0.8),
    (SurveyForm.Kind.PROGRAMME_QUALITY, Stage.NONE, 0.6),
]


def _value(question: Question, stage: str, rng: random.Random):
    if question.kind == Question.Kind.SCALE:
        # After the programme the participants rate themselves higher, as they usually do.
        low = {Stage.BEFORE: 3, Stage.AFTER: 6}.get(stage, 6)
        return rng.randint(low, min(low + 4, 10))
    if question.kind == Question.Kind.CHOICE:
        return rng.choice(question.choices)
    return rng.choice(COMMENTS) if not question.is_required else rng.choice(COMMENTS[:-1])


def load_demo_surveys(*, organization) -> str:
    forms_create_standard(organization)
    if SurveyResponse.objects.filter(organization=organization).exists():
        return "survey answers kept"
    forms = {form.kind: form for form in SurveyForm.objects.filter(organization=organization)}
    rng = random.Random(f"surveys:{organization.slug}")
    answered = 0
    for programme in Programme.objects.filter(organization=organization).order_by("pk"):
        recipients = programme_recipients(programme)
        for kind, stage, share in ROUNDS:
            form = forms[kind]
            chosen = [r for r in recipients if r.role in form.roles and rng.random() < share]
            if not chosen:
                continue
            batch = invitations_create(
                programme=programme, form=form, recipients=chosen, actor=None, stage=stage
            )
            questions = list(form.questions.all())
            for link in batch.issued:
                role = link.invitation.respondent_role
                values = {q: _value(q, stage, rng) for q in questions if q.is_asked_of(role)}
                response_submit_by_invitation(invitation=link.invitation, values=values)
                answered += 1
    return f"{answered} survey answers"
