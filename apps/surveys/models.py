"""Survey forms of the monitoring (stages 6 and 7 of ЦМН): satisfaction of mentors and of
mentees, quality of the programme, the before/after evaluation of participants by set
parameters (academic results among them, seed 003 §3.2, §4.1, §7.4) and interim feedback.

A participant answers by a personal link (a signed, expiring, single-use token of which
only a hash is stored) or signed in. Answers are the participants' personal data: results
show groups of at least ANONYMITY_THRESHOLD responses only (selectors/anonymity.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantModel
from apps.questions.models import OwnsQuestionSet, Question, QuestionSet

SCALE_MIN, SCALE_MAX = 1, 10
QUESTION_SET_OWNER = "survey_form"  # SurveyForm.question_set's reverse name
# The answer types a survey offers: its results count choices and average scales.
SURVEY_KINDS = (Question.Kind.SCALE, Question.Kind.CHOICE, Question.Kind.TEXT)


class Stage(models.TextChoices):
    """When an evaluation is made: before the programme (its first monitoring stage) or
    after it (the second); the other forms have no stage."""

    NONE = "", _("No stage")
    BEFORE = "before", _("Before the programme")
    AFTER = "after", _("After the programme")


class RespondentRole(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class SurveyForm(OwnsQuestionSet, TenantModel):
    """A survey form of the organisation: one of each kind, edited by the curator."""

    class Kind(models.TextChoices):
        MENTOR_SATISFACTION = "mentor_satisfaction", _("Satisfaction of mentors")
        MENTEE_SATISFACTION = "mentee_satisfaction", _("Satisfaction of mentees")
        PROGRAMME_QUALITY = "programme_quality", _("Quality of the programme")
        EVALUATION = "evaluation", _("Evaluation of participants before and after")
        INTERIM_FEEDBACK = "interim_feedback", _("Interim feedback")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Shown above the questions."))
    is_active = models.BooleanField(
        _("open for answers"), default=True, help_text=_("Closed forms cannot be sent or answered.")
    )
    # Its questions: rows of the one question engine (apps/questions).
    question_set = models.OneToOneField(
        QuestionSet, on_delete=models.CASCADE, related_name="survey_form", editable=False
    )
    question_set_owner_kind = QUESTION_SET_OWNER

    class Meta:
        verbose_name = _("survey form")
        verbose_name_plural = _("survey forms")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind"], name="one_survey_form_per_kind")
        ]

    def __str__(self):
        return self.title

    @property
    def roles(self) -> tuple[str, ...]:
        """Who answers this kind of form."""
        return AUDIENCE[self.kind]

    @property
    def has_stages(self) -> bool:
        return self.kind == self.Kind.EVALUATION

    @property
    def is_about_mentor(self) -> bool:
        """A mentee's answers to these forms are about their mentor (the pair)."""
        return self.kind in ABOUT_MENTOR


# Who answers each kind of form.
AUDIENCE = {
    SurveyForm.Kind.MENTOR_SATISFACTION: (RespondentRole.MENTOR,),
    SurveyForm.Kind.MENTEE_SATISFACTION: (RespondentRole.MENTEE,),
    SurveyForm.Kind.PROGRAMME_QUALITY: (RespondentRole.MENTEE, RespondentRole.MENTOR),
    SurveyForm.Kind.EVALUATION: (RespondentRole.MENTEE, RespondentRole.MENTOR),
    SurveyForm.Kind.INTERIM_FEEDBACK: (RespondentRole.MENTEE, RespondentRole.MENTOR),
}
# Forms whose answers by a mentee are about their mentor: results per pair are shown apart.
ABOUT_MENTOR = frozenset({SurveyForm.Kind.MENTEE_SATISFACTION, SurveyForm.Kind.INTERIM_FEEDBACK})
# The forms whose scale answers make the satisfaction figure of the dashboards.
SATISFACTION_KINDS = (SurveyForm.Kind.MENTOR_SATISFACTION, SurveyForm.Kind.MENTEE_SATISFACTION)


class SurveyInvitation(TenantModel):
    """A personal link to answer a form. The token itself is never stored: only its hash."""

    form = models.ForeignKey(SurveyForm, on_delete=models.CASCADE, related_name="invitations")
    tenant_parent = "form"
    programme = models.ForeignKey("pairs.Programme", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    respondent_role = models.CharField(_("answers as"), max_length=6, choices=RespondentRole.choices)
    # The mentor the answers are about, for a mentee's answers to forms about the mentor.
    pair = models.ForeignKey("pairs.Pair", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stage = models.CharField(_("stage"), max_length=6, choices=Stage.choices, blank=True, default="")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "programme", "form"])]

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class SurveyResponse(TenantModel):
    """One submitted form. `respondent` lets a person answer a form once per programme and
    stage; results never show it."""

    form = models.ForeignKey(SurveyForm, on_delete=models.CASCADE, related_name="responses")
    tenant_parent = "form"
    programme = models.ForeignKey("pairs.Programme", on_delete=models.CASCADE, related_name="+")
    # Empty for answers given signed in.
    invitation = models.OneToOneField(
        SurveyInvitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    respondent = models.ForeignKey(
        "participants.Participant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    respondent_role = models.CharField(_("answered as"), max_length=6, choices=RespondentRole.choices)
    pair = models.ForeignKey("pairs.Pair", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stage = models.CharField(_("stage"), max_length=6, choices=Stage.choices, blank=True, default="")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "programme", "respondent", "stage"], name="one_response_per_respondent_stage"
            )
        ]
        indexes = [
            models.Index(fields=["organization", "form", "programme"]),
            models.Index(fields=["organization", "submitted_at"]),
        ]


class SurveyAnswer(TenantModel):
    """The answer to one question: `number` for a scale, `text` for a choice or free text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    tenant_parent = "response"
    # A question that has answers is not deleted: the results would lose them.
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="survey_answers")
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_survey_question")
        ]
