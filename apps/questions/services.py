"""The one editor's writes: add, edit, move, delete a question of a set. Each change is
logged on the set's owner (a questionnaire, a survey form) under the owner's action."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from .models import Question, QuestionSet

QUESTION_FIELDS = ("text", "kind", "choices", "scale_max", "is_required", "topic", "parameter", "audience")


def question_set_create(*, organization, owner_kind: str) -> QuestionSet:
    return QuestionSet.objects.create(organization=organization, owner_kind=owner_kind)


def _log(question_set: QuestionSet, action: str, *, actor, data: dict) -> None:
    question_set.owner.log(action, actor=actor, data=data)


def _check_kind(question_set: QuestionSet, kind: str) -> None:
    if kind not in question_set.spec.kinds:
        raise ValidationError({"kind": _("This answer type is not offered here.")})


@transaction.atomic
def question_add(*, question_set: QuestionSet, actor, **fields) -> Question:
    """A new question goes last."""
    fields = {name: value for name, value in fields.items() if name in QUESTION_FIELDS}
    _check_kind(question_set, fields.get("kind", Question.Kind.TEXT))
    if question_set.spec.fixed_scale_max:
        fields["scale_max"] = question_set.spec.fixed_scale_max
    last = question_set.questions.order_by("-position").values_list("position", flat=True).first() or 0
    question = Question(question_set=question_set, position=last + 1, **fields)
    question.full_clean()
    question.save()
    _log(question_set, question_set.spec.changed_action, actor=actor, data={"added_question": question.pk})
    return question


@transaction.atomic
def question_update(*, question: Question, actor, **fields) -> Question:
    """Edit a question in place. Its answers are kept: so its answer type cannot change once
    it has any (a list of choices would become a number), but its wording and choices can."""
    question = (
        Question.objects.select_related("question_set").select_for_update(of=("self",)).get(pk=question.pk)
    )
    question_set = question.question_set
    if "kind" in fields and fields["kind"] != question.kind:
        _check_kind(question_set, fields["kind"])
        if question.has_answers():
            raise ValidationError(
                {
                    "kind": _(
                        "The question has answers already: its answer type cannot change. Add a new question."
                    )
                }
            )
    if question_set.spec.fixed_scale_max:
        fields["scale_max"] = question_set.spec.fixed_scale_max
    changed = [name for name in QUESTION_FIELDS if name in fields and getattr(question, name) != fields[name]]
    for name in changed:
        setattr(question, name, fields[name])
    question.full_clean()
    question.save(update_fields=changed or None)
    _log(
        question_set,
        question_set.spec.changed_action,
        actor=actor,
        data={"changed_question": question.pk, "fields": changed},
    )
    return question


@transaction.atomic
def question_move(*, question: Question, actor, offset: int) -> None:
    """Move a question up (-1) or down (+1); the set's positions become 1…n."""
    question_set = QuestionSet.objects.select_for_update().get(pk=question.question_set_id)
    questions = list(question_set.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    target = max(0, min(len(questions) - 1, index + offset))
    if target == index:
        return
    questions.insert(target, questions.pop(index))
    for position, item in enumerate(questions, start=1):
        item.position = position
    Question.objects.bulk_update(questions, ["position"])
    _log(question_set, question_set.spec.changed_action, actor=actor, data={"moved_question": question.pk})


@transaction.atomic
def question_delete(*, question: Question, actor) -> None:
    """A questionnaire's question goes with its answers (the curator confirmed it); a survey's
    answered question stays, so that the results keep them (its answers' key protects it)."""
    question_set = question.question_set
    question_id = question.pk
    try:
        with transaction.atomic():
            question.delete()
    except ProtectedError:
        raise ValidationError(
            _("The question has answers and stays, so that the results keep them; edit its wording instead.")
        ) from None
    _log(
        question_set,
        question_set.spec.deleted_action or question_set.spec.changed_action,
        actor=actor,
        data={"deleted_question": question_id},
    )
