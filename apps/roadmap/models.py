"""A roadmap (дорожная карта): stages of numbered activities with deadlines and responsible people.

A roadmap belongs to an organisation, or to a municipality when it is the committee's own
(seed 002): `organization` is then NULL (an `OwnedModel`). Its stages, activities and
responsible people are scoped through it (`OwnerScopedManager(path=...)`).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import OwnedModel
from apps.core.scoping import OwnerScopedManager
from apps.core.storage import private_storage

from . import deadlines


class Roadmap(OwnedModel):
    class Source(models.TextChoices):
        TEMPLATE = "template", _("From a template")
        COPY = "copy", _("Copied from an earlier year")
        IMPORT = "import", _("Imported from a file")
        BLANK = "blank", _("Started empty")

    # Always set, for an organisation's roadmap too: the uniqueness constraints read it.
    municipality = models.ForeignKey(
        "organizations.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.TextField(_("title"))
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), help_text=_("The year its September falls in.")
    )
    period_years = models.PositiveSmallIntegerField(_("years covered"), default=1)
    preamble = models.TextField(_("preamble"), blank=True)
    # What the PDF's table shows, in the order of the source document.
    columns = models.JSONField(default=list)
    column_titles = models.JSONField(default=dict)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.BLANK)
    source_detail = models.CharField(_("source detail"), max_length=255, blank=True)

    # The approval block: «УТВЕРЖДАЮ / директор / ФИО / дата», «ПРИНЯТО педагогическим советом…».
    approval_heading = models.CharField(_("approval heading"), max_length=40, default="УТВЕРЖДАЮ")
    approver_position = models.CharField(_("approver's position"), max_length=255, blank=True)
    approver_name = models.CharField(_("approver's name"), max_length=255, blank=True)
    approval_date = models.DateField(_("approval date"), null=True, blank=True)
    approval_order = models.CharField(_("approving order"), max_length=255, blank=True)
    accepted_by = models.CharField(_("accepted by"), max_length=500, blank=True)
    accepted_protocol = models.CharField(_("protocol"), max_length=255, blank=True)
    # The left side of the block as the source has it: «ПРИНЯТО», «СОГЛАСОВАНО», «РАССМОТРЕНО».
    accepted_heading = models.CharField(_("left heading"), max_length=40, default="ПРИНЯТО")
    accepted_name = models.CharField(_("name on the left"), max_length=255, blank=True)
    accepted_date = models.DateField(_("date on the left"), null=True, blank=True)
    # «Приложение № 1 к приказу … от …», printed above the title.
    annex = models.TextField(_("annex line"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["-academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "academic_year"],
                condition=Q(organization__isnull=False),
                name="one_roadmap_per_organization_year",
            ),
            models.UniqueConstraint(
                fields=["municipality", "academic_year"],
                condition=Q(organization__isnull=True),
                name="one_roadmap_per_municipality_year",
            ),
        ]

    def __str__(self):
        return f"{self.period_label}: {self.title[:80]}"

    @property
    def period_label(self) -> str:
        return f"{self.academic_year}–{self.academic_year + self.period_years}"

    @property
    def starts_on(self) -> date:
        return date(self.academic_year, 9, 1)

    @property
    def ends_on(self) -> date:
        return date(self.academic_year + self.period_years, 8, 31)

    def url_kwargs(self) -> dict:
        if self.organization_id:
            return {"org_slug": self.organization.slug, "roadmap_id": self.pk}
        return {"municipality_slug": self.municipality.slug, "roadmap_id": self.pk}

    def get_absolute_url(self):
        namespace = "roadmap" if self.organization_id else "committee_roadmap"
        return reverse(f"{namespace}:detail", kwargs=self.url_kwargs())


class Stage(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.TextField(_("stage"))
    note = models.TextField(_("task of the stage"), blank=True)

    objects = OwnerScopedManager(path="roadmap__")

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    @property
    def number_label(self) -> str:
        """«1» as «1.», and «1.», «I.», «Этап 1.» as written: what goes before the title."""
        return self.number if not self.number or self.number.endswith(".") else f"{self.number}."


class Activity(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    # Overdue is not stored: it is a planned or started activity whose deadline has passed.
    OVERDUE = "overdue"
    STATE_LABELS = {**dict(Status.choices), OVERDUE: _("Overdue")}

    class Event(models.TextChoices):
        """Events of the portal that complete an activity by themselves."""

        CONSENTS_COLLECTED = "consents_collected", _("All consents collected")
        MENTEE_BASE_FORMED = "mentee_base_formed", _("Base of mentees formed")
        MENTOR_BASE_FORMED = "mentor_base_formed", _("Base of mentors formed")
        MENTORS_TRAINED = "mentors_trained", _("«Школа наставников» held")
        PAIRS_APPROVED = "pairs_approved", _("Pairs and groups approved")
        FINAL_MEETING_HELD = "final_meeting_held", _("Final meetings held")
        FINAL_EVENT_HELD = "final_event_held", _("Final event held")
        CONTEST_RESULTS = "contest_results", _("Contest results published")
        LETTERS_ISSUED = "letters_issued", _("Letters of thanks issued")
        PARTNER_AGREEMENT = "partner_agreement", _("Agreement with a partner concluded")
        ORDER_IMPLEMENT_MODEL = "order:implement_model", _("Order on implementing the target model")
        ORDER_REGULATION = "order:regulation", _("Order approving the regulation")
        ORDER_ROADMAP = "order:roadmap", _("Order approving the roadmap")
        ORDER_CURATOR = "order:curator", _("Order appointing the curator")
        ORDER_MENTOR_SCHOOL = "order:mentor_school", _("Order on «Школа наставников»")
        ORDER_REWARD = "order:reward", _("Order on rewarding participants")
        ORDER_FINAL_EVENT = "order:final_event", _("Order on the final event")
        # The public section «Наставничество» (apps.public): a news item or a document published.
        PUBLIC_INFORMING = "public_informing", _("Informing through the section «Наставничество»")
        RESULTS_PUBLISHED = "results_published", _("Results published in the section «Наставничество»")

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="activities")
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.TextField(_("activity"))
    content = models.JSONField(_("content"), default=list, blank=True)
    deadline_text = models.CharField(_("deadline"), max_length=255, blank=True)
    deadline_kind = models.CharField(max_length=10, default=deadlines.UNKNOWN)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    due_on = models.DateField(_("due"), null=True, blank=True)
    result = models.TextField(_("expected result"), blank=True)
    indicator = models.TextField(_("efficiency indicator"), blank=True)
    # The source's columns the portal has no field for, kept as written: [{"title", "text"}].
    notes = models.JSONField(_("notes"), default=list, blank=True)
    # The kinds of order the activity names («Издание приказа о поощрении…»): when the last of
    # them is approved in the roadmap's period, the activity is done (several orders, one row).
    orders = models.JSONField(_("orders it names"), default=list, blank=True)
    event = models.CharField(_("completed by"), max_length=32, choices=Event.choices, blank=True)

    class Recurrence(models.TextChoices):
        NONE = "", _("Once")
        WEEKLY = deadlines.WEEKLY, _("Every week")
        MONTHLY = deadlines.MONTHLY, _("Every month")
        QUARTERLY = deadlines.QUARTERLY, _("Every quarter")
        YEARLY = deadlines.YEARLY, _("Every year")

    # «ежеквартально», «1 раз в квартал»: the activity is due again and again, each time an
    # `Occurrence`. Its own status and due date then sum them up (`sync_occurrences`): done when
    # all are, due on the first one not done, so whatever reads activities sees it overdue.
    recurrence = models.CharField(
        _("recurs"), max_length=10, choices=Recurrence.choices, default=Recurrence.NONE, blank=True
    )

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_note = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), storage=private_storage, upload_to="roadmap/%Y/", blank=True
    )
    # A page of the portal (an order, the pairs board…), as a path inside the tenant.
    evidence_link = models.CharField(_("link in the portal"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnerScopedManager(path="roadmap__")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["stage__position", "position", "pk"]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def set_deadline(self, text: str) -> None:
        """Store the phrase as written, the dates read from it and the period it recurs with
        (said by the phrase, or by the title and content when the phrase is a period of time)."""
        parsed = deadlines.parse_deadline(text, academic_start=self.roadmap.academic_year)
        self.deadline_text = text.strip()
        self.deadline_kind = parsed.kind
        self.starts_on = parsed.start
        self.due_on = parsed.end
        self.recurrence = deadlines.recurrence_of(text, " ".join([self.title, *(self.content or [])]))

    def occurrence_windows(self) -> list[tuple[date, date]]:
        """(starts_on, due_on) of each occurrence within the roadmap's period; [] when once."""
        if not self.recurrence:
            return []
        roadmap = self.roadmap
        if self.recurrence == self.Recurrence.YEARLY and self.deadline_kind == deadlines.MONTH:
            # «Ежегодно, май»: that month of every year of the period
            return [
                (deadlines.shift_day(self.starts_on, years), deadlines.shift_day(self.due_on, years))
                for years in range(roadmap.period_years)
            ]
        if self.deadline_kind in (deadlines.THROUGHOUT, deadlines.UNKNOWN) or not self.due_on:
            start, end = roadmap.starts_on, roadmap.ends_on
        else:
            start, end = self.starts_on or roadmap.starts_on, self.due_on
        return deadlines.occurrence_windows(self.recurrence, start, end)

    def state(self, today: date | None = None) -> str:
        """planned, in_progress, done or overdue."""
        if self.status == self.Status.DONE:
            return self.status
        today = today or timezone.localdate()
        if self.due_on and self.due_on < today:
            return self.OVERDUE
        return self.status

    def state_label(self) -> str:
        return self.STATE_LABELS[self.state()]

    @property
    def done_on_time(self) -> bool:
        return self.status == self.Status.DONE and (
            self.due_on is None or (self.done_on is not None and self.done_on <= self.due_on)
        )


class Occurrence(models.Model):
    """One time a recurring activity is due (the March report of a quarterly one): done or
    overdue on its own, with its own evidence, as an activity is."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="occurrences")
    starts_on = models.DateField(_("from"))
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence_note = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), storage=private_storage, upload_to="roadmap/%Y/", blank=True
    )
    evidence_link = models.CharField(_("link in the portal"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnerScopedManager(path="activity__roadmap__")

    class Meta:
        verbose_name = _("occurrence")
        verbose_name_plural = _("occurrences")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "due_on"], name="one_occurrence_per_due_day"),
        ]

    def __str__(self):
        return f"{self.activity} · {self.due_on:%d.%m.%Y}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def state(self, today: date | None = None) -> str:
        """done, overdue or planned: the states an activity shows."""
        if self.is_done:
            return Activity.Status.DONE
        if self.due_on < (today or timezone.localdate()):
            return Activity.OVERDUE
        return Activity.Status.PLANNED

    def state_label(self) -> str:
        return Activity.STATE_LABELS[self.state()]

    @property
    def done_on_time(self) -> bool:
        return self.is_done and self.done_on <= self.due_on


class Responsible(models.Model):
    """One responsible entry of an activity: a person of the portal, a role, or a name as written."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="responsibles")
    position = models.PositiveSmallIntegerField(default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # A role of the organisation ("curator"), or "committee" in a municipality's roadmap.
    role = models.CharField(_("role"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=500, blank=True)

    objects = OwnerScopedManager(path="activity__roadmap__")

    class Meta:
        verbose_name = _("responsible")
        verbose_name_plural = _("responsible")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.short_name
        return self.name or ROLE_LABELS.get(self.role, self.role)


# How a role reads in a roadmap's «Ответственные» column (documents are in Russian).
ROLE_LABELS = {
    "director": "Директор",
    "curator": "Куратор",
    "staff": "Сотрудник",
    "mentor": "Наставники",
    "committee": "Комитет по образованию",
}
