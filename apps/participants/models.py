"""The bases of mentors and mentees: people, their questionnaires and consents.

Everything here is personal data of an organisation (children's included): every
model is scoped to its organisation, and every change goes through services.py,
which leaves an audit entry.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantModel
from apps.core.requisites import validate_inn, validate_ogrn
from apps.core.storage import private_storage
from apps.core.text import person_full_name, person_short_name
from apps.questions.models import OwnsQuestionSet, Question, QuestionSet

QUESTION_SET_OWNER = "questionnaire"  # QuestionnaireTemplate.question_set's reverse name


class Category(models.TextChoices):
    STUDENT = "student", _("Student")
    TEACHER = "teacher", _("Teacher")
    YOUNG_SPECIALIST = "young_specialist", _("Young specialist")
    GRADUATE = "graduate", _("Graduate")
    EMPLOYER = "employer", _("Employer representative")
    UNIVERSITY_STUDENT = "university_student", _("University or college student")
    PARENT = "parent", _("Parent")
    OTHER = "other", _("Other")


# Categories whose people are adults by definition; for the others the birth date decides.
ADULT_CATEGORIES = frozenset(
    {Category.TEACHER, Category.YOUNG_SPECIALIST, Category.EMPLOYER, Category.PARENT}
)


class ProgrammeRole(models.TextChoices):
    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")
    BOTH = "both", _("Mentor and mentee")


# Which questionnaires a role in the programme answers.
ANSWERED_BY_ROLE = {
    ProgrammeRole.MENTEE: ("mentee",),
    ProgrammeRole.MENTOR: ("mentor",),
    ProgrammeRole.BOTH: ("mentee", "mentor"),
}


class Status(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate")
    IN_BASE = "in_base", _("In the base")
    IN_PAIR = "in_pair", _("In a pair or group")
    LEFT = "left", _("Left")


class PartnerOrganization(TenantModel):
    """An employer, university or college whose people mentor in the programme."""

    class Kind(models.TextChoices):
        EMPLOYER = "employer", _("Employer")
        UNIVERSITY = "university", _("University")
        COLLEGE = "college", _("College")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.EMPLOYER)
    contact = models.CharField(_("contact person"), max_length=255, blank=True)
    # Requisites and contacts (issue #18); the agreements live in apps/partners.
    inn = models.CharField(_("INN"), max_length=12, blank=True, validators=[validate_inn])
    ogrn = models.CharField(_("OGRN"), max_length=15, blank=True, validators=[validate_ogrn])
    address = models.CharField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="unique_partner_name"),
            models.UniqueConstraint(
                fields=["organization", "inn"], condition=~models.Q(inn=""), name="unique_partner_inn"
            ),
        ]

    def __str__(self):
        return self.name


class Participant(TenantModel):
    """A person in the organisation's mentor or mentee base."""

    last_name = models.CharField(_("surname"), max_length=150)
    first_name = models.CharField(_("first name"), max_length=150)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=24, choices=Category.choices)
    group_name = models.CharField(
        _("class or group"), max_length=50, blank=True, help_text=_("For example 7Б or ТМ-21.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    partner = models.ForeignKey(
        PartnerOrganization,
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participants",
    )
    programme_role = models.CharField(_("role in the programme"), max_length=8, choices=ProgrammeRole.choices)
    # The portal account of a mentor who logs meetings of their own pairs.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participant_profiles",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CANDIDATE)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=255, blank=True)
    # Set when the retention job has removed the personal data; the row stays for statistics.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["last_name", "first_name", "patronymic", "pk"]
        indexes = [
            models.Index(fields=["organization", "last_name", "first_name"]),
            models.Index(fields=["organization", "email"]),
            models.Index(fields=["organization", "status"]),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return person_full_name(self.last_name, self.first_name, self.patronymic)

    @property
    def short_name(self) -> str:
        return person_short_name(self.last_name, self.first_name, self.patronymic)


class Consent(TenantModel):
    """A consent to the processing of personal data (152-ФЗ), given by the participant
    or by their legal representative."""

    class GivenBy(models.TextChoices):
        SUBJECT = "subject", _("The participant")
        REPRESENTATIVE = "representative", _("The legal representative")

    class Relation(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        GUARDIAN = "guardian", _("Guardian or trustee")
        OTHER = "other", _("Other legal representative")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    tenant_parent = "participant"
    given_by = models.CharField(_("given by"), max_length=16, choices=GivenBy.choices)
    representative_name = models.CharField(_("representative's full name"), max_length=255, blank=True)
    representative_relation = models.CharField(
        _("relation to the participant"), max_length=16, choices=Relation.choices, blank=True
    )
    signed_on = models.DateField(_("signed on"))
    # The wording of the signed document, kept in Russian whatever the interface language.
    scope = models.TextField(
        _("scope"),
        default="Обработка персональных данных в целях реализации программы наставничества организации",
    )
    document = models.FileField(
        _("scanned document"), storage=private_storage, upload_to="consents/%Y/", blank=True
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-signed_on", "-pk"]

    def __str__(self):
        return f"{self.get_given_by_display()} {self.signed_on:%d.%m.%Y}"

    @property
    def is_active(self) -> bool:
        return self.revoked_on is None


class QuestionnaireTemplate(OwnsQuestionSet, TenantModel):
    """A questionnaire form of the organisation: one for mentees, one for mentors."""

    class Kind(models.TextChoices):
        MENTEE = "mentee", _("Mentee questionnaire")
        MENTOR = "mentor", _("Mentor questionnaire")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    # Its questions: rows of the one question engine (apps/questions).
    question_set = models.OneToOneField(
        QuestionSet, on_delete=models.CASCADE, related_name="questionnaire", editable=False
    )
    question_set_owner_kind = QUESTION_SET_OWNER

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind"], name="one_questionnaire_per_kind")
        ]

    def __str__(self):
        return self.title


class Answer(TenantModel):
    """A participant's answer; `value` is a string, a list of strings or a number by kind."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="answers")
    tenant_parent = "participant"
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField()  # by the question's kind: answer_clean (apps/questions/validation.py)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["participant", "question"], name="one_answer_per_question")
        ]

    @property
    def display(self) -> str:
        if isinstance(self.value, bool):
            return str(_("Yes") if self.value else _("No"))
        if isinstance(self.value, list):
            return ", ".join(str(v) for v in self.value)
        return str(self.value)


class ExtraInformation(TenantModel):
    """What the class teacher, the psychologist or parents add about a participant."""

    class Source(models.TextChoices):
        CLASS_TEACHER = "class_teacher", _("Class teacher")
        PSYCHOLOGIST = "psychologist", _("Psychologist")
        PARENT = "parent", _("Parent")
        OTHER = "other", _("Other")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="extra_information")
    tenant_parent = "participant"
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    author_name = models.CharField(_("who gave it"), max_length=255, blank=True)
    text = models.TextField(_("information"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("extra information")
        verbose_name_plural = _("extra information")
        ordering = ["-recorded_at"]


class DeletionRecord(TenantModel):
    """Proof that personal data were removed: whose (an id, no name), what, when, why.

    Kept for three years, then purged by the same daily job.
    """

    participant_ref = models.PositiveBigIntegerField(_("participant number"))
    categories = models.JSONField(_("categories of data"))
    reason = models.CharField(_("reason"), max_length=255)
    deleted_at = models.DateTimeField(_("deleted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deletion record")
        verbose_name_plural = _("deletion records")
        ordering = ["-deleted_at"]


class ImportRun(TenantModel):
    """One uploaded questionnaire file: who, when, which file, what it did or why not."""

    class State(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        INVALID = "invalid", _("Has errors, nothing imported")
        IMPORTING = "importing", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    original_name = models.CharField(_("file"), max_length=255)
    file = models.FileField(storage=private_storage, upload_to="imports/%Y/")
    column_map = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.CHECKING)
    progress = models.PositiveSmallIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    skipped_count = models.PositiveIntegerField(_("unchanged"), default=0)
    # [{"row": 5, "column": "Дата рождения", "message": "..."}], or a file-level message.
    errors = models.JSONField(default=list, blank=True)
    file_error = models.TextField(blank=True)
    # Required template columns the file lacks: the person maps the columns, then it is checked again.
    missing_columns = models.JSONField(default=list, blank=True)
    # Per row of the file: "new", "update" or "skip" (the preview).
    row_actions = models.JSONField(default=dict, blank=True)
    # Per row: the person's surname and initials, so that staff recognise the rows of the preview.
    row_names = models.JSONField(default=dict, blank=True)
    # Earlier submissions of a person that a later one in the same file replaces: [{"row", "by"}].
    replaced_rows = models.JSONField(default=list, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When its check or import job was last sent (or started), and whether the broker refused
    # it (down): a job waiting for minutes is sent again by the sweeper (importing/service.py).
    queued_at = models.DateTimeField(default=timezone.now)
    send_failed = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]


class ColumnMapping(TenantModel):
    """How the columns and answers of a file of one shape (e.g. a Яндекс Форма export) map
    to the template, remembered for the next file with the same headers. `mapping` is the
    JSON people download and the command line reads: {"columns", "values", "defaults"}
    (importing/mapping.py)."""

    signature = models.CharField(max_length=64)
    mapping = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "signature"], name="one_mapping_per_shape")
        ]


class SensitiveAttributes(TenantModel):
    """Optional attributes the regions' monitoring forms ask about (004's inclusion measures):
    special category data, so recorded only by the curator, only under a consent whose scope
    covers them (the scope's words are copied as they were), read by the curator alone, and
    shown above the organisation only as counts of at least three (`monitoring.breakdowns`)."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="sensitive_attributes"
    )
    tenant_parent = "participant"
    disability = models.BooleanField(_("pupil with disabilities (ОВЗ)"), default=False)
    difficult_situation = models.BooleanField(_("in a difficult life situation"), default=False)
    low_income = models.BooleanField(_("from a low-income family"), default=False)
    rural = models.BooleanField(_("lives in a rural area"), default=False)
    consent = models.ForeignKey(
        Consent, verbose_name=_("consent"), on_delete=models.CASCADE, related_name="sensitive_attributes"
    )
    consent_scope = models.TextField(_("scope of the consent"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    GROUPS = ("disability", "difficult_situation", "low_income", "rural")

    class Meta:
        verbose_name = _("sensitive attributes")
        verbose_name_plural = _("sensitive attributes")
