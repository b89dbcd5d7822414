"""The standard questionnaires, from the seed roadmaps' stages 2 and 3: what mentees
want and need, what mentors can give, the preferred form and availability. Their questions
are edited with the one question editor (apps/questions)."""

from django.db import transaction

from apps.questions.models import Question

from .models import QUESTION_SET_OWNER, QuestionnaireTemplate

FORMS_OF_MENTORING = [
    "Учитель – ученик",
    "Ученик – ученик",
    "Учитель – учитель",
    "Работодатель – ученик",
    "Студент – ученик",
]
AVAILABILITY = ["Будни после уроков", "Выходные", "Онлайн в любое время"]

STANDARD_QUESTIONS = {
    QuestionnaireTemplate.Kind.MENTEE: [
        ("Ваши интересы и увлечения", Question.Kind.TEXT, Question.Topic.INTERESTS, []),
        (
            "С чем вам нужна помощь наставника?",
            Question.Kind.MULTIPLE,
            Question.Topic.REQUESTS,
            ["Учёба", "Олимпиады и конкурсы", "Проекты", "Профориентация", "Адаптация в коллективе"],
        ),
        (
            "Предпочтительная форма наставничества",
            Question.Kind.CHOICE,
            Question.Topic.PREFERRED_FORM,
            FORMS_OF_MENTORING,
        ),
        ("Когда вам удобно встречаться?", Question.Kind.MULTIPLE, Question.Topic.AVAILABILITY, AVAILABILITY),
        ("Насколько вам важна поддержка наставника?", Question.Kind.SCALE, Question.Topic.OTHER, []),
    ],
    QuestionnaireTemplate.Kind.MENTOR: [
        ("Ваши интересы и увлечения", Question.Kind.TEXT, Question.Topic.INTERESTS, []),
        (
            "В чём вы можете помочь наставляемому?",
            Question.Kind.MULTIPLE,
            Question.Topic.COMPETENCIES,
            ["Учёба", "Олимпиады и конкурсы", "Проекты", "Профориентация", "Адаптация в коллективе"],
        ),
        ("Ваш опыт наставничества или работы с детьми", Question.Kind.TEXT, Question.Topic.EXPERIENCE, []),
        (
            "Предпочтительная форма наставничества",
            Question.Kind.CHOICE,
            Question.Topic.PREFERRED_FORM,
            FORMS_OF_MENTORING,
        ),
        ("Когда вам удобно встречаться?", Question.Kind.MULTIPLE, Question.Topic.AVAILABILITY, AVAILABILITY),
    ],
}


@transaction.atomic
def questionnaires_create_standard(*, organization, actor=None) -> list[QuestionnaireTemplate]:
    """Create the organisation's missing questionnaires from the standard ones (idempotent)."""
    # Titles of the organisation's documents: Russian, whatever the interface language.
    titles = {
        QuestionnaireTemplate.Kind.MENTEE: "Анкета наставляемого",
        QuestionnaireTemplate.Kind.MENTOR: "Анкета наставника",
    }
    created = []
    for kind, questions in STANDARD_QUESTIONS.items():
        questionnaire, is_new = QuestionnaireTemplate.objects.get_or_create(
            organization=organization, kind=kind, defaults={"title": titles[kind]}
        )
        if not is_new:
            continue
        Question.objects.bulk_create(
            Question(
                question_set=questionnaire.question_set,
                text=text,
                kind=answer_kind,
                topic=topic,
                choices=choices,
                position=position,
            )
            for position, (text, answer_kind, topic, choices) in enumerate(questions, start=1)
        )
        questionnaire.log("questionnaire.changed", actor=actor)
        created.append(questionnaire)
    return created


def questionnaire_questions(organization):
    """The questions of the organisation's questionnaires (not of its surveys), each with its
    questionnaire at hand: `question.question_set.questionnaire`."""
    return Question.objects.filter(
        organization=organization, question_set__owner_kind=QUESTION_SET_OWNER
    ).select_related("question_set__questionnaire")
