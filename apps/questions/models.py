"""The one question engine of the portal: the questions of the participants' questionnaires
and of the surveys are rows of `Question`, in a `QuestionSet` that a feature app's row owns
(a questionnaire, a survey form) through a one-to-one key of its own. This app imports no
feature app: an owner registers itself in `registry.py`, and its answers (a participant's
`Answer`, a survey's `SurveyAnswer`) stay in its app with a key to `Question`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantModel

SCALE_LIMIT = 10  # the longest scale a question may have: 1…10


class QuestionSet(TenantModel):
    """The questions of one owner. `owner_kind` names the owner's registered relation
    (`registry.OWNERS`), i.e. the reverse accessor of its one-to-one key."""

    owner_kind = models.CharField(_("owner"), max_length=32)

    class Meta:
        verbose_name = _("question set")
        verbose_name_plural = _("question sets")

    def __str__(self):
        return str(self.owner)

    @property
    def owner(self):
        return getattr(self, self.owner_kind)

    @property
    def spec(self):
        from .registry import owner_spec  # the registry fills itself when the owners' apps load

        return owner_spec(self.owner_kind)


class OwnsQuestionSet:
    """A model that owns one question set (a questionnaire, a survey form): it declares
    `question_set`, a one-to-one key with its own reverse name, and `question_set_owner_kind`,
    that name; the set is created with the owner's first save."""

    question_set_owner_kind = ""

    def save(self, *args, **kwargs):
        if self.question_set_id is None:
            self.inherit_tenant()
            self.question_set = QuestionSet.objects.create(
                organization_id=self.organization_id, owner_kind=self.question_set_owner_kind
            )
        super().save(*args, **kwargs)

    @property
    def questions(self):
        """Its questions: through a loaded (or prefetched) set, else by the set's key alone."""
        if "question_set" in self._state.fields_cache:
            return self.question_set.questions
        return Question.objects.filter(question_set_id=self.question_set_id)


class Question(TenantModel):
    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("One choice")
        MULTIPLE = "multiple", _("Several choices")
        SCALE = "scale", _("Scale")
        YES_NO = "yes_no", _("Yes or no")
        NUMBER = "number", _("Number")
        DATE = "date", _("Date")

    class Topic(models.TextChoices):
        """What a questionnaire's answer means for matching mentors and mentees."""

        INTERESTS = "interests", _("Interests")
        REQUESTS = "requests", _("Requests of the mentee")
        COMPETENCIES = "competencies", _("Competencies of the mentor")
        EXPERIENCE = "experience", _("Experience")
        PREFERRED_FORM = "preferred_form", _("Preferred form of mentoring")
        AVAILABILITY = "availability", _("Availability")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")

    CHOICE_KINDS = (Kind.CHOICE, Kind.MULTIPLE)

    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="questions")
    tenant_parent = "question_set"
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("answer type"), max_length=8, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    scale_max = models.PositiveSmallIntegerField(_("scale maximum"), default=5)
    is_required = models.BooleanField(_("required"), default=False)
    # A questionnaire's: what the answer means for matching.
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices, default=Topic.OTHER)
    # A survey's evaluation: before and after answers are compared by this code, so that the
    # wording of a question may change between the two stages.
    parameter = models.SlugField(
        _("parameter"),
        max_length=50,
        blank=True,
        help_text=_(
            "For the evaluation: a code such as academic_results; "
            "answers before and after are compared by it."
        ),
    )
    # A survey's: empty, everyone who answers the form; otherwise only mentors or only mentees.
    audience = models.CharField(_("asked of"), max_length=6, choices=Audience.choices, blank=True, default="")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["question_set", "position"])]

    def __str__(self):
        return self.text

    def clean(self):
        errors = {}
        if self.kind in self.CHOICE_KINDS:
            if len(self.choices) < 2:
                errors["choices"] = _("Give at least two choices, one per line.")
        else:
            self.choices = []
        if self.kind == self.Kind.SCALE and not 2 <= (self.scale_max or 0) <= SCALE_LIMIT:
            errors["scale_max"] = _("Give the scale's maximum, from 2 to 10.")
        if self.parameter and self.kind != self.Kind.SCALE:
            errors["parameter"] = _("Only scale questions are compared before and after.")
        if errors:
            raise ValidationError(errors)

    def is_asked_of(self, role: str) -> bool:
        return not self.audience or self.audience == role

    def has_answers(self) -> bool:
        """Whether any owner's answer table holds an answer to it (each answer model has a
        key to Question; this app does not know them by name)."""
        return any(
            getattr(self, rel.get_accessor_name()).exists()
            for rel in self._meta.related_objects
            if rel.one_to_many
        )

    def answer_count(self) -> int:
        return sum(
            getattr(self, rel.get_accessor_name()).count()
            for rel in self._meta.related_objects
            if rel.one_to_many
        )
