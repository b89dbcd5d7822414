"""The standard questionnaires, from the seed roadmaps' stages 2 and 3: what mentees
want and need, what mentors can give, the preferred form and availability."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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


QUESTION_FIELDS = ("text", "kind", "topic", "choices", "scale_max", "is_required")


@transaction.atomic
def question_update(*, question: Question, actor, **fields) -> Question:
    """Edit a question in place. Its answers are kept: so its answer type cannot change once
    it has any (a list of choices would become a number), but its wording and choices can."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if "kind" in fields and fields["kind"] != question.kind and question.answers.exists():
        raise ValidationError(
            {
                "kind": _(
                    "The question has answers already: its answer type cannot change. Add a new question."
                )
            }
        )
    changed = [name for name in QUESTION_FIELDS if name in fields and getattr(question, name) != fields[name]]
    for name in changed:
        setattr(question, name, fields[name])
    question.full_clean()
    question.save(update_fields=changed or None)
    question.questionnaire.log(
        "questionnaire.changed", actor=actor, data={"changed_question": question.pk, "fields": changed}
    )
    return question


@transaction.atomic
def question_move(*, question: Question, actor, offset: int) -> None:
    """Move a question up (-1) or down (+1); the questionnaire's positions become 1…n."""
    questionnaire = QuestionnaireTemplate.objects.select_for_update().get(pk=question.questionnaire_id)
    questions = list(questionnaire.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    target = max(0, min(len(questions) - 1, index + offset))
    if target == index:
        return
    questions.insert(target, questions.pop(index))
    for position, item in enumerate(questions, start=1):
        item.position = position
    Question.objects.bulk_update(questions, ["position"])
    questionnaire.log("questionnaire.changed", actor=actor, data={"moved_question": question.pk})
