"""The standard questionnaires, from the seed roadmaps' stages 2 and 3: what mentees
want and need, what mentors can give, the preferred form and availability."""

from django.db import transaction

from .models import Question, QuestionnaireTemplate

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
                questionnaire=questionnaire,
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


@transaction.atomic
def question_add(*, questionnaire: QuestionnaireTemplate, actor, **fields) -> Question:
    last = questionnaire.questions.order_by("-position").values_list("position", flat=True).first() or 0
    question = Question(questionnaire=questionnaire, position=last + 1, **fields)
    question.full_clean()
    question.save()
    questionnaire.log("questionnaire.changed", actor=actor, data={"added_question": question.pk})
    return question


@transaction.atomic
def question_delete(*, question: Question, actor) -> None:
    """Deleting a question deletes its answers too: the curator is asked to confirm."""
    questionnaire = question.questionnaire
    question_id = question.pk
    question.delete()
    questionnaire.log("questionnaire.changed", actor=actor, data={"deleted_question": question_id})
