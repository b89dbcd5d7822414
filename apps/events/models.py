"""Events, contests and letters of thanks: the parts of a roadmap that happen outside the pairs.

An `Event` (a group meeting, the final event, a conference, a ceremony…) belongs to an
organisation or to a municipality's committee (`OwnedModel`); its `Invitation`s name who
was invited (a participant of the base, a member with an account, or a partner's
representative by name) and, after the event, whether they came. A `Contest` («Наставник
года», «Лучшая наставническая пара»…) has `Nomination`s, `Nominee`s proposed from the bases
(a municipal contest's come from the municipality's organisations: the nominee row is the
proposing organisation's), and the jury's `Score`s. A `LetterBatch` is one or many
`Letter`s of thanks or diplomas, rendered as PDFs through apps.documents.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.core.models import OwnedModel
from apps.core.storage import private_storage
from apps.participants.models import Consent


def _tenant_url(owner_row, name: str, **kwargs) -> str:
    if owner_row.organization_id:
        return reverse(name, kwargs={"org_slug": owner_row.organization.slug, **kwargs})
    return reverse(f"committee_{name}", kwargs={"municipality_slug": owner_row.municipality.slug, **kwargs})


class Event(OwnedModel):
    class Kind(models.TextChoices):
        GROUP_MEETING = "group_meeting", _("Group meeting of mentors and mentees")
        FINAL_EVENT = "final_event", _("Final event of all pairs")
        CONFERENCE = "conference", _("Conference or round table")
        SEMINAR = "seminar", _("Seminar")
        PARTNER_MEETING = "partner_meeting", _("Meeting with partners or graduates")
        CEREMONY = "ceremony", _("Ceremony")
        INFORMING = "informing", _("Informing meeting")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    programmes = models.ManyToManyField(
        "pairs.Programme", verbose_name=_("programmes"), related_name="events", blank=True
    )
    description = models.TextField(_("description"), blank=True)
    # Parents are counted, never named.
    parents_count = models.PositiveIntegerField(_("parents invited"), default=0)
    parents_attended = models.PositiveIntegerField(_("parents attended"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    result_note = models.TextField(_("result"), blank=True)
    # The roadmap activity this event is the evidence of: recording the attendance completes it.
    activity = models.ForeignKey(
        "roadmap.Activity",
        verbose_name=_("roadmap activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["organization", "kind", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return _tenant_url(self, "events:detail", event_id=self.pk)


class Invitation(OwnedModel):
    """One person invited to an event: a participant of the base, a member (an account), or a
    partner's representative by name. `attended` is None until the attendance is recorded."""

    class Via(models.TextChoices):
        PERSON = "person", _("In person")
        PROGRAMME = "programme", _("All participants of a programme")
        MENTORS = "mentors", _("Mentors of a programme")
        MENTEES = "mentees", _("Mentees of a programme")
        PAIRS = "pairs", _("All pairs of a programme")
        PARTNERS = "partners", _("Partners' representatives")
        TEAM = "team", _("Team members")
        # A committee's event: the curators of the municipality's organisations (their accounts).
        CURATORS = "curators", _("Curators of the municipality's organisations")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    tenant_parent = "event"
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # «Фамилия И.О.», or a partner's representative as written.
    name = models.CharField(_("name"), max_length=300)
    via = models.CharField(_("invited as"), max_length=10, choices=Via.choices, default=Via.PERSON)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant"],
                condition=Q(participant__isnull=False),
                name="one_invitation_per_participant",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False, participant__isnull=True),
                name="one_invitation_per_user",
            ),
        ]

    def __str__(self):
        return self.name


class EventMaterial(OwnedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    tenant_parent = "event"
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), storage=private_storage, upload_to="events/%Y/", blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Contest(OwnedModel):
    class Level(models.TextChoices):
        ORGANIZATION = "organization", _("Organisation")
        MUNICIPAL = "municipal", _("Municipal")

    class Stage(models.TextChoices):
        NOMINATIONS = "nominations", _("Nominations open")
        SCORING = "scoring", _("Jury scoring")
        RESULTS = "results", _("Results published")

    title = models.CharField(_("title"), max_length=300)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("academic year"))
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.NOMINATIONS)
    criteria = models.JSONField(_("criteria"), default=list)
    max_points = models.PositiveSmallIntegerField(_("points per criterion"), default=10)
    jury = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("jury"), related_name="+", blank=True
    )
    results_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-year", "-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return _tenant_url(self, "events:contest", contest_id=self.pk)


class Nomination(OwnedModel):
    class Kind(models.TextChoices):
        MENTOR_OF_YEAR = "mentor_of_year", _("«Наставник года»")
        BEST_PAIR = "best_pair", _("«Лучшая наставническая пара/группа»")
        BEST_MUNICIPAL_MENTOR = "municipal_mentor", _("«Лучший наставник муниципального района»")
        OWN = "own", _("Own nomination")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="nominations")
    tenant_parent = "contest"
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OWN)
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    @property
    def for_pairs(self) -> bool:
        return self.kind == self.Kind.BEST_PAIR


class Nominee(OwnedModel):
    """A mentor or a pair proposed in a nomination. In a municipal contest the row is the
    proposing organisation's (its base, its consent), and the committee reads its name only."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="nominees")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="nominees")
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pair = models.ForeignKey("pairs.Pair", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The name as it goes to the jury, the results and the letter («Иванова Мария Петровна»).
    name = models.CharField(_("name"), max_length=500)
    text = models.TextField(_("why"), blank=True)
    file = models.FileField(_("file"), storage=private_storage, upload_to="contests/%Y/", blank=True)
    # A minor's nomination: the legal representative's consent to it, kept here and not as a
    # participants.Consent, which is the consent to the processing of personal data in the
    # programme: a consent to a nomination must not count as that one.
    consent_representative = models.CharField(_("representative's full name"), max_length=255, blank=True)
    consent_relation = models.CharField(
        _("relation to the participant"), max_length=16, choices=Consent.Relation.choices, blank=True
    )
    consent_signed_on = models.DateField(_("consent signed on"), null=True, blank=True)
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        ordering = ["nomination__position", "place", "name", "pk"]

    def __str__(self):
        return self.name


class Score(OwnedModel):
    """A juror's points for one criterion of one nominee; the contest's owner's row."""

    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.PositiveSmallIntegerField()
    points = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["nominee", "juror", "criterion"], name="one_score_per_criterion")
        ]


class LetterBatch(OwnedModel):
    """Letters of thanks or diplomas issued together (one, or the winners of a contest, or all
    mentors of a programme): one multi-page PDF and a zip of single PDFs."""

    class Kind(models.TextChoices):
        THANKS = "thanks", _("Letter of thanks")
        DIPLOMA = "diploma", _("Diploma")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.THANKS)
    title = models.CharField(_("title"), max_length=300)
    issued_on = models.DateField(_("date"))
    signer_position = models.CharField(_("signer's position"), max_length=200)
    signer_name = models.CharField(_("signer's name"), max_length=200)
    contest = models.ForeignKey(Contest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("letters")
        verbose_name_plural = _("letters")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return _tenant_url(self, "events:letters", batch_id=self.pk)


class Letter(OwnedModel):
    batch = models.ForeignKey(LetterBatch, on_delete=models.CASCADE, related_name="letters")
    tenant_parent = "batch"
    position = models.PositiveIntegerField(default=0)
    full_name = models.CharField(_("name"), max_length=500)
    merit = models.TextField(_("merit"))
    number = models.CharField(_("number"), max_length=40)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.number} {self.full_name}"
