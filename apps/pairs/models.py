"""Programmes, who takes part in them, and the pairs and groups that matching forms.

A pair and a group are one model: a mentor with one mentee is a pair, with several a group.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ExpressionWrapper, Max, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import TenantModel

STANDARD_FORMS = [
    "Учитель – ученик",
    "Ученик – ученик",
    "Учитель – учитель",
    "Работодатель – ученик",
    "Студент – ученик",
]


class MentoringForm(TenantModel):
    """A form of mentoring (форма наставничества); the five standard ones, and the
    organisation's own."""

    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("form of mentoring")
        verbose_name_plural = _("forms of mentoring")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="unique_form_name")]

    def __str__(self):
        return self.name


class Programme(TenantModel):
    """A mentoring programme of an organisation for an academic year, in one form."""

    title = models.CharField(_("title"), max_length=255)
    form = models.ForeignKey(MentoringForm, verbose_name=_("form of mentoring"), on_delete=models.PROTECT)
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), help_text=_("The year it starts: 2025 for 2025/2026.")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    goals = models.TextField(_("goals"), blank=True)
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("curator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-academic_year", "title"]

    def __str__(self):
        return f"{self.title} ({self.academic_year}/{self.academic_year + 1})"


class Enrollment(TenantModel):
    """A participant taking part in a programme as a mentor or as a mentee."""

    class Side(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")

    class Selection(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        SELECTED = "selected", _("Selected after the interview")
        REJECTED = "rejected", _("Not selected")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrollments")
    tenant_parent = "programme"
    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.CASCADE, related_name="enrollments"
    )
    side = models.CharField(_("side"), max_length=6, choices=Side.choices)
    # For mentors: how many mentees they take (a group when more than one).
    capacity = models.PositiveSmallIntegerField(
        _("mentees at most"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    selection = models.CharField(
        _("selection"), max_length=10, choices=Selection.choices, default=Selection.CANDIDATE
    )
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    # For mentees left without a pair: psychological support while the search goes on.
    needs_support = models.BooleanField(_("needs support"), default=False)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "participant", "side"], name="one_enrollment_per_side"
            )
        ]

    @property
    def is_ready_mentor(self) -> bool:
        """Selected after the interview and trained in «Школа наставников»."""
        return (
            self.side == self.Side.MENTOR
            and self.selection == self.Selection.SELECTED
            and bool(self.trained_on)
        )


class Preference(TenantModel):
    """After the group meeting each mentee ranks up to five mentors, and each mentor up to
    five mentees (1 = the most wanted)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="preferences")
    tenant_parent = "programme"
    chooser = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    chosen = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "chooser", "rank"], name="one_choice_per_rank"),
            models.UniqueConstraint(fields=["programme", "chooser", "chosen"], name="one_rank_per_choice"),
        ]


class TrialDecision(models.TextChoices):
    CONTINUE = "continue", _("Continue")
    REMATCH = "rematch", _("Match again")


class Pair(TenantModel):
    """A mentor and their mentees in a programme: a pair, or a group."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        DISSOLVED = "dissolved", _("Dissolved")
        # A proposal a later matching run replaced with another: kept (without its mentees)
        # so that its address says so instead of answering 404.
        REPLACED = "replaced", _("Replaced by a later proposal")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="pairs")
    tenant_parent = "programme"
    mentor = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="mentored_pairs"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    # A locked pair is kept as it is when matching runs again.
    locked = models.BooleanField(_("locked"), default=False)
    dissolution_reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    # After the trial meeting the mentor or the curator decides: the pair goes on, or its
    # mentees are matched again (with the reason).
    trial_decision = models.CharField(
        _("decision after the trial meeting"), max_length=8, choices=TrialDecision.choices, blank=True
    )
    trial_decision_reason = models.CharField(_("reason"), max_length=255, blank=True)
    trial_decided_at = models.DateTimeField(null=True, blank=True)
    trial_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pair or group")
        verbose_name_plural = _("pairs and groups")
        ordering = ["programme", "pk"]
        indexes = [models.Index(fields=["organization", "programme", "status"])]

    def __str__(self):
        return f"#{self.pk}"


class PairMentee(TenantModel):
    """A mentee in a pair or group, with why the matching put them there."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="members")
    tenant_parent = "pair"
    mentee = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="pair_memberships"
    )
    score = models.FloatField(_("compatibility"), default=0)
    factors = models.JSONField(_("matching factors"), default=list, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    left_reason = models.CharField(_("reason"), max_length=255, blank=True)
    # Left after the trial meeting to be matched again: the next proposal avoids this mentor.
    rematch = models.BooleanField(default=False)
    # After a rematch or a dissolution matching avoids this mentor for this mentee, unless the
    # curator allows them again.
    mentor_allowed_again = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["pair", "mentee"], name="one_membership_per_pair")]


class Meeting(TenantModel):
    """A meeting of a pair or group; feedback from the mentor and the mentees is mandatory."""

    class Kind(models.TextChoices):
        ORGANISATIONAL = "organisational", _("Organisational meeting")
        TRIAL = "trial", _("Trial meeting")
        PLANNING = "planning", _("Planning meeting")
        REGULAR = "regular", _("Regular meeting")
        FINAL = "final", _("Final meeting")

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meetings")
    tenant_parent = "pair"
    kind = models.CharField(_("meeting"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    online = models.BooleanField(_("online"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    attendees = models.ManyToManyField(
        "participants.Participant", verbose_name=_("attendees"), related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Logged by the curator for a mentor who has no account (or no time): shown as such.
    entered_by_curator = models.BooleanField(_("entered by the curator"), default=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]


# The permissions a mentor's linked account holds on each pair of theirs (django-guardian).
PAIR_GRANTS = ("pairs.view_pair", "pairs.change_pair")

# Pairs that work: they meet, plan their meetings and are reminded of them.
WORKING_STATUSES = (Pair.Status.APPROVED, Pair.Status.ACTIVE)
# Pairs that hold their mentees and their mentor's places: a proposal, or a working pair.
OPEN_STATUSES = (Pair.Status.PROPOSED, *WORKING_STATUSES)


def with_inactivity(pairs, *, today, zone):
    """The one rule of an inactive pair, for the board and the reminders: a working pair with
    no meeting for more than PAIR_INACTIVE_DAYS before `today`, counted from the day it started
    working (its last status change, a day of `zone`) when it has not met yet.

    `today` and `zone` are the tenant's local day and time zone. Annotates `last_meeting`,
    `quiet_since` and `inactive` in the query itself: no query per pair."""
    threshold = today - timedelta(days=settings.PAIR_INACTIVE_DAYS)
    return pairs.annotate(
        last_meeting=Max("meetings__held_on"),
        quiet_since=Coalesce("last_meeting", TruncDate("status_changed_at", tzinfo=zone)),
        inactive=ExpressionWrapper(
            Q(status__in=WORKING_STATUSES, quiet_since__lt=threshold), output_field=models.BooleanField()
        ),
    )


# A planned meeting is open until it is logged as held or cancelled.
OPEN_PLAN = Q(meeting__isnull=True, cancelled_at__isnull=True)


class MeetingPlan(TenantModel):
    """A meeting the mentor plans: open until logged as held (`meeting`) or cancelled.

    Open plans from today on are the upcoming meetings the mentor is reminded of."""

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="meeting_plans")
    tenant_parent = "pair"
    kind = models.CharField(_("meeting"), max_length=16, choices=Meeting.Kind.choices)
    planned_for = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    online = models.BooleanField(_("online"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    meeting = models.OneToOneField(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("planned meeting")
        verbose_name_plural = _("planned meetings")
        ordering = ["planned_for", "starts_at", "pk"]
        constraints = [
            # A double submit of the same plan: full_clean() reports it with this message.
            models.UniqueConstraint(
                fields=["pair", "kind", "planned_for"],
                condition=OPEN_PLAN,
                name="one_open_plan_per_pair_kind_and_day",
                violation_error_message=_("This meeting is already planned for that day."),
            )
        ]

    @property
    def passed(self) -> bool:
        """Its day is over: the meeting is still to be logged as held, or cancelled."""
        return self.planned_for < timezone.localdate()


class MeetingFeedback(TenantModel):
    """A participant's feedback after a meeting: a rating from 1 to 5 and a comment."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    tenant_parent = "meeting"
    author = models.ForeignKey("participants.Participant", on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    entered_by_curator = models.BooleanField(_("entered by the curator"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "author"], name="one_feedback_per_author")]


class DevelopmentPlan(TenantModel):
    """A mentee's individual development plan (индивидуальный план развития) in a pair."""

    member = models.OneToOneField(PairMentee, on_delete=models.CASCADE, related_name="plan")
    tenant_parent = "member"
    goals = models.TextField(_("goals"), blank=True)

    class Meta:
        verbose_name = _("individual development plan")
        verbose_name_plural = _("individual development plans")

    def completion(self, tasks) -> int:
        """Per cent of tasks done; it feeds the target «plans realised at 90 % or more»."""
        tasks = list(tasks)
        return round(100 * sum(1 for t in tasks if t.done_on) / len(tasks)) if tasks else 0


class PlanTask(TenantModel):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="tasks")
    tenant_parent = "plan"
    title = models.CharField(_("task"), max_length=255)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]


class TrainingSession(TenantModel):
    """A session of «Школа наставников», the course that prepares a programme's mentors.

    A mentor who attended every session of the programme's course counts as trained.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="training_sessions")
    tenant_parent = "programme"
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=255)
    attendees = models.ManyToManyField(
        "participants.Participant", verbose_name=_("present"), related_name="+"
    )

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["held_on", "pk"]


def every_working_pair_met_finally(organization) -> bool:
    """Whether every working (active or completed) pair of the organisation has held its final
    meeting: what completes the roadmap's «final meetings held» activities."""
    working = Pair.objects.filter(
        organization=organization, status__in=[Pair.Status.ACTIVE, Pair.Status.COMPLETED]
    )
    return not working.exclude(meetings__kind=Meeting.Kind.FINAL).exists()
