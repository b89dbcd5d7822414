"""Who owns question sets. A feature app registers its owner model once (in its AppConfig's
`ready`): the reverse name of its one-to-one key to `QuestionSet`, the answer types and the
editor fields it uses, the audit actions its changes are logged under. This app imports no
feature app; it reads them through here."""

from dataclasses import dataclass

from django.db.models.signals import post_delete

from .models import Question, QuestionSet


@dataclass(frozen=True)
class OwnerSpec:
    key: str  # the reverse accessor of the owner's one-to-one key to QuestionSet
    kinds: tuple[str, ...] = tuple(Question.Kind.values)
    # Editor fields beyond text, kind, choices, scale, required: "topic", "parameter", "audience".
    extra_fields: tuple[str, ...] = ()
    # A fixed scale (surveys: always 1…10) hides the scale's maximum in the editor.
    fixed_scale_max: int | None = None
    changed_action: str = ""
    deleted_action: str = ""
    # Choices shown as radio buttons when answering (surveys) instead of a select.
    radio_choices: bool = False
    # An answered question stays (its answers' key protects it: survey results keep them);
    # otherwise deleting a question deletes its answers, after a confirmation.
    keeps_answered: bool = False


OWNERS: dict[str, OwnerSpec] = {}


def register(spec: OwnerSpec, *, model) -> None:
    """`model`: the owner, whose deletion takes its question set (and questions) along."""
    OWNERS[spec.key] = spec
    post_delete.connect(_delete_question_set, sender=model, dispatch_uid=f"questions.owner.{spec.key}")


def _delete_question_set(sender, instance, **kwargs):
    # The owner may go outside any tenant's scope (an organisation deleted): no scoped manager.
    QuestionSet._base_manager.filter(pk=instance.question_set_id).delete()


def owner_spec(key: str) -> OwnerSpec:
    return OWNERS[key]
