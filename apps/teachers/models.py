"""Mentoring of teachers (система наставничества педагогических работников): teachers as
mentees with their situation and professional requests, the personalised programme (ППН)
of a teacher pair or group, and the mentor's written consent to the extra duties with the
supplementary agreement to the employment contract (Labour Code art. 351.8, since 01.03.2025).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantModel
from apps.core.storage import private_storage

# The programmes whose pairs are teacher pairs: the form of the joint recommendations.
TEACHER_FORM = "Учитель – учитель"
YOUNG_SPECIALIST_YEARS = 3  # a young specialist has 0–3 years of experience


# The documents' kinds (apps.documents' renderer registry) of the ППН and the agreement.
AGREEMENT_PDF = "supplementary_agreement"
PROGRAMME_PDF = "personalised_programme"


class Situation(models.TextChoices):
    """Why a teacher needs a mentor (the categories of the recommendations)."""

    YOUNG_SPECIALIST = "young_specialist", _("Young specialist")
    NEW_EMPLOYEE = "new_employee", _("New employee")
    NEW_ROLE = "new_role", _("Teacher in a new role")


class TeacherProfile(TenantModel):
    """A teacher in the mentee base: the situation, when they started, their experience."""

    participant = models.OneToOneField(
        "participants.Participant", on_delete=models.CASCADE, related_name="teacher_profile"
    )
    tenant_parent = "participant"
    situation = models.CharField(_("category of mentee"), max_length=20, choices=Situation.choices)
    started_on = models.DateField(_("started teaching on"), null=True, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("years of teaching experience"), default=0)
    position = models.CharField(_("position and subject"), max_length=255, blank=True)
    new_role = models.CharField(
        _("the new role"),
        max_length=255,
        blank=True,
        help_text=_("For example: class teacher, another subject."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("teacher's profile")
        verbose_name_plural = _("teachers' profiles")
        indexes = [models.Index(fields=["organization", "situation"])]

    @property
    def experience_today(self) -> int:
        return self.experience_on(timezone.localdate())

    def experience_on(self, day) -> int:
        """Full years of teaching experience on `day`: from the date they started where it is
        given (none before it), else the years recorded. `selectors.experience_between` is the
        same rule in SQL."""
        if self.started_on is None:
            return self.experience_years
        if self.started_on > day:
            return 0
        return (
            day.year
            - self.started_on.year
            - ((day.month, day.day) < (self.started_on.month, self.started_on.day))
        )


class ProfessionalRequest(TenantModel):
    """A teacher's professional request (профессиональный запрос) and where it came from."""

    class Source(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", _("From the questionnaire")
        METHODICAL = "methodical", _("From the methodical work")
        ATTESTATION = "attestation", _("From the attestation recommendations")

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="professional_requests"
    )
    tenant_parent = "participant"
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    text = models.CharField(_("request"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("professional request")
        verbose_name_plural = _("professional requests")
        ordering = ["pk"]


class PersonalisedProgramme(TenantModel):
    """The personalised mentoring programme (ППН) of a teacher pair or group: a document the
    curator drafts from the pair's plans and questionnaires, edits, and the director approves."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved by the director")

    pair = models.OneToOneField("pairs.Pair", on_delete=models.CASCADE, related_name="personalised_programme")
    tenant_parent = "pair"
    title = models.CharField(_("title"), max_length=500)
    body = models.TextField(_("text"))
    situation = models.CharField(_("template"), max_length=20, choices=Situation.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("personalised mentoring programme")
        verbose_name_plural = _("personalised mentoring programmes")


class DutyConsent(TenantModel):
    """A mentor's written consent to the extra duties of mentoring for a period (art. 351.8),
    recorded by the curator or confirmed by the mentor after signing in. Ending it early
    (either side, with notice) ends the mentor's teacher pairs."""

    class Side(models.TextChoices):
        EMPLOYER = "employer", _("The employer")
        EMPLOYEE = "employee", _("The mentor")

    mentor = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="duty_consents"
    )
    tenant_parent = "mentor"
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("mentoring from"))
    ends_on = models.DateField(_("mentoring until"))
    document = models.FileField(
        _("scanned signed copy"), storage=private_storage, upload_to="duty-consents/%Y/", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed by the mentor at"), null=True, blank=True)
    # Early termination: who gave notice, when, and the day the duties end.
    notice_by = models.CharField(_("notice given by"), max_length=8, choices=Side.choices, blank=True)
    notice_on = models.DateField(_("notice given on"), null=True, blank=True)
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentor's consent to the extra duties")
        verbose_name_plural = _("mentors' consents to the extra duties")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["organization", "ends_on"])]

    @property
    def last_day(self):
        return self.ended_on or self.ends_on


class SupplementaryAgreement(TenantModel):
    """The supplementary agreement to the mentor's employment contract: numbered and dated,
    its wording copied from the organisation's at the time it was made."""

    consent = models.OneToOneField(DutyConsent, on_delete=models.CASCADE, related_name="agreement")
    tenant_parent = "consent"
    number = models.CharField(_("number"), max_length=50)
    dated = models.DateField(_("dated"))
    content = models.TextField(_("content of the mentoring"))
    form = models.TextField(_("form of the mentoring"))
    payment = models.TextField(_("payment or other incentive"))
    termination = models.TextField(_("early termination"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("supplementary agreement")
        verbose_name_plural = _("supplementary agreements")


class AgreementWording(TenantModel):
    """The organisation's own wording of the supplementary agreement (defaults in wording.py)."""

    content = models.TextField(_("content of the mentoring"))
    form = models.TextField(_("form of the mentoring"))
    payment = models.TextField(_("payment or other incentive"))
    termination = models.TextField(_("early termination"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization"], name="one_agreement_wording")]


class ProgrammeTemplate(TenantModel):
    """The organisation's own template of a personalised programme for one situation (the
    portal's defaults in library.py): what a new draft's goals, forms of work, expected results
    and assessment say. Forms and results are one item a line."""

    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices)
    title = models.CharField(_("title"), max_length=300)
    goals = models.TextField(_("goals"))
    forms = models.TextField(_("forms of work"))
    results = models.TextField(_("expected results"))
    assessment = models.TextField(_("how results are assessed"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme template")
        verbose_name_plural = _("programme templates")
        constraints = [
            models.UniqueConstraint(fields=["organization", "situation"], name="one_programme_template")
        ]
