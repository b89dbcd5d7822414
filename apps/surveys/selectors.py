"""Reads of survey results, by grouped SQL: a page costs the same for 3 responses or 3,000.

Anonymity: every figure and text a results page shows could have come from at least
ANONYMITY_THRESHOLD people. A group (a stage of a form in a programme, or the answers about
one mentor) is shown from that many responses, and within it each question only when that
many respondents were asked it (a question for mentors, answered by one mentor, is hidden);
anything smaller reads «not enough answers». A mentor's group that would let the programme's
figures minus the shown mentors' uncover one or two responses is hidden as well. Free-text
answers about a mentor appear under that mentor only, ordered alphabetically, not by time.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from apps.pairs.models import Pair, PairMentee, Programme
from apps.participants.models import Participant
from apps.participants.models import Status as ParticipantStatus

from .models import (
    SATISFACTION_KINDS,
    SCALE_MAX,
    SCALE_MIN,
    RespondentRole,
    Stage,
    SurveyAnswer,
    SurveyForm,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
)
from .tokens import ExpiredToken, InvalidToken, InvitationUnavailable, token_check

ANONYMITY_THRESHOLD = 3


def _round(value) -> float | None:
    return None if value is None else round(float(value), 2)


def anonymous_average(responses: int, average) -> float | None:
    """An average shown to others: withheld (None) when fewer than ANONYMITY_THRESHOLD
    responses make it, as one or two answers could be traced to their authors."""
    return _round(average) if responses >= ANONYMITY_THRESHOLD else None


# --- Dashboards -------------------------------------------------------------------------


def _moment(value, *, end: bool):
    """A date bound covers its whole day: `until=date(2026, 5, 31)` includes 31 May."""
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        day = value + timedelta(days=1) if end else value
        return timezone.make_aware(datetime.combine(day, time.min))
    raise TypeError(f"since/until must be a date or a datetime, not {type(value).__name__}")


def satisfaction_by_organization(organization_ids, since=None, until=None) -> dict[int, dict]:
    """Per organisation: {"responses": n, "average": float | None}, over the scale answers of
    the two satisfaction forms (mentors' and mentees'), in one query.

    `since` and `until` are dates (both days included) or datetimes (`until` excluded), on
    the time of submission. Every asked organisation has an entry; "average" is None when
    it has no scale answer.
    """
    ids = list(organization_ids)
    responses = SurveyResponse.objects.filter(organization_id__in=ids, form__kind__in=SATISFACTION_KINDS)
    if since is not None:
        responses = responses.filter(submitted_at__gte=_moment(since, end=False))
    if until is not None:
        responses = responses.filter(submitted_at__lt=_moment(until, end=True))
    rows = (
        responses.values("organization_id")
        .annotate(
            responses=Count("pk", distinct=True),
            average=Avg("answers__number", filter=Q(answers__question__type=SurveyQuestion.Type.SCALE)),
        )
        .order_by()
    )
    result = {pk: {"responses": 0, "average": None} for pk in ids}
    for row in rows:
        result[row["organization_id"]] = {"responses": row["responses"], "average": _round(row["average"])}
    return result


def scores_by_kind(organization_id: int, since=None, until=None) -> list[dict]:
    """The organisation's satisfaction and quality forms: responses and average score, in one
    query; `since` and `until` as in satisfaction_by_organization; averages as
    `anonymous_average` shows them."""
    kinds = [*SATISFACTION_KINDS, SurveyForm.Kind.PROGRAMME_QUALITY]
    responses = SurveyResponse.objects.filter(organization_id=organization_id, form__kind__in=kinds)
    if since is not None:
        responses = responses.filter(submitted_at__gte=_moment(since, end=False))
    if until is not None:
        responses = responses.filter(submitted_at__lt=_moment(until, end=True))
    rows = {
        row["form__kind"]: row
        for row in responses.values("form__kind")
        .annotate(
            responses=Count("pk", distinct=True),
            average=Avg("answers__number", filter=Q(answers__question__type=SurveyQuestion.Type.SCALE)),
        )
        .order_by()
    }
    result = []
    for kind in kinds:
        responses = rows.get(kind, {}).get("responses", 0)
        average = anonymous_average(responses, rows.get(kind, {}).get("average"))
        result.append({"kind": kind, "label": kind.label, "responses": responses, "average": average})
    return result


# --- Who is asked -----------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    """A person of the programme's pairs who can be asked: a mentor, or a mentee with the
    pair (their mentor) that forms about the mentor are answered about."""

    participant: Participant
    role: str
    pair: Pair | None = None

    @property
    def key(self) -> str:
        return f"{self.role}-{self.participant.pk}"

    @property
    def role_label(self) -> str:
        return RespondentRole(self.role).label

    def pair_for(self, form: SurveyForm) -> Pair | None:
        return self.pair if self.role == RespondentRole.MENTEE and form.is_about_mentor else None


def programme_recipients(programme: Programme) -> list[Recipient]:
    """Mentors and mentees of the programme's pairs and groups that are not dissolved (its
    current members), in two queries; people who left are not asked."""
    pairs = (
        Pair.objects.filter(programme=programme)
        .exclude(status=Pair.Status.DISSOLVED)
        .select_related("mentor")
        .order_by("mentor__last_name", "mentor__first_name", "pk")
    )
    members = (
        PairMentee.objects.filter(pair__programme=programme, left_at__isnull=True)
        .exclude(pair__status=Pair.Status.DISSOLVED)
        .select_related("mentee", "pair")
        .order_by("mentee__last_name", "mentee__first_name", "-pk")
    )
    recipients: dict[str, Recipient] = {}
    for pair in pairs:
        recipient = Recipient(participant=pair.mentor, role=RespondentRole.MENTOR)
        recipients.setdefault(recipient.key, recipient)
    for member in members:
        # A mentee in two groups is asked once, about the pair they joined last.
        recipient = Recipient(participant=member.mentee, role=RespondentRole.MENTEE, pair=member.pair)
        recipients.setdefault(recipient.key, recipient)
    return [
        r
        for r in recipients.values()
        if r.participant.anonymised_at is None and r.participant.status != ParticipantStatus.LEFT
    ]


def answered_respondents(*, form: SurveyForm, programme: Programme, stage: str) -> set[int]:
    return set(
        SurveyResponse.objects.filter(
            form=form, programme=programme, stage=stage, respondent__isnull=False
        ).values_list("respondent_id", flat=True)
    )


def invitation_by_token(token: str) -> SurveyInvitation:
    """The invitation of a personal link, ready to be answered, or InvitationUnavailable.

    The link is opened outside any organisation: the token alone finds the invitation
    (by its hash), and the caller then works inside the invitation's organisation.
    """
    try:
        digest = token_check(token)
    except ExpiredToken:
        raise InvitationUnavailable(InvitationUnavailable.EXPIRED) from None
    except InvalidToken:
        raise InvitationUnavailable(InvitationUnavailable.INVALID) from None
    with scopes_disabled():
        invitation = (
            SurveyInvitation.objects.select_related("organization", "form", "programme", "participant")
            .filter(token_hash=digest)
            .first()
        )
        if invitation is None:
            raise InvitationUnavailable(InvitationUnavailable.INVALID)
        if invitation.used_at is not None:
            raise InvitationUnavailable(InvitationUnavailable.USED)
        if invitation.is_expired:
            raise InvitationUnavailable(InvitationUnavailable.EXPIRED)
        if not invitation.form.is_active:
            raise InvitationUnavailable(InvitationUnavailable.CLOSED)
        answered_otherwise = SurveyResponse.objects.filter(
            form=invitation.form_id,
            programme=invitation.programme_id,
            respondent=invitation.participant_id,
            stage=invitation.stage,
        ).exists()
    if answered_otherwise:
        raise InvitationUnavailable(InvitationUnavailable.ANSWERED)
    return invitation


# --- Overviews --------------------------------------------------------------------------


def response_counts_by_programme(*, organization) -> dict[int, int]:
    rows = (
        SurveyResponse.objects.filter(organization=organization)
        .values("programme_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["programme_id"]: row["count"] for row in rows}


def programme_overview(*, programme: Programme) -> list[dict]:
    """Per form: invitations sent, answered and still open, and responses per stage."""
    now = timezone.now()
    forms = list(SurveyForm.objects.filter(organization=programme.organization))
    invitations = (
        SurveyInvitation.objects.filter(programme=programme)
        .values("form_id")
        .annotate(
            sent=Count("pk"),
            used=Count("pk", filter=Q(used_at__isnull=False)),
            open=Count("pk", filter=Q(used_at__isnull=True, expires_at__gt=now)),
        )
        .order_by()
    )
    sent = {row["form_id"]: row for row in invitations}
    responses: dict[int, dict[str, int]] = {}
    for row in (
        SurveyResponse.objects.filter(programme=programme)
        .values("form_id", "stage")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        responses.setdefault(row["form_id"], {})[row["stage"]] = row["count"]
    rows = []
    for form in forms:
        by_stage = responses.get(form.pk, {})
        stages = [Stage.BEFORE, Stage.AFTER] if form.has_stages else [Stage.NONE]
        rows.append(
            {
                "form": form,
                "invitations": sent.get(form.pk, {"sent": 0, "used": 0, "open": 0}),
                "responses": [(Stage(s).label, by_stage.get(s, 0)) for s in stages],
                "total": sum(by_stage.values()),
            }
        )
    return rows


# --- A participant's own surveys ---------------------------------------------------------


@dataclass
class OwnSurvey:
    """A form a signed-in participant can answer in a programme, or has answered."""

    programme: Programme
    form: SurveyForm
    participant: Participant
    role: str
    pair: Pair | None
    stage: str  # the stage the next answer is for ("" for forms without stages)
    answered: bool

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label


def own_surveys(*, organization, user) -> list[OwnSurvey]:
    """The forms the user's participant profiles in the organisation answer, per programme
    of their current pairs, in four queries."""
    participants = {p.pk: p for p in Participant.objects.filter(organization=organization, account=user)}
    if not participants:
        return []
    places: dict[tuple, tuple] = {}
    for pair in (
        Pair.objects.filter(mentor_id__in=participants)
        .exclude(status=Pair.Status.DISSOLVED)
        .select_related("programme")
    ):
        places.setdefault((pair.programme_id, pair.mentor_id, RespondentRole.MENTOR), (pair.programme, None))
    for member in (
        PairMentee.objects.filter(mentee_id__in=participants, left_at__isnull=True)
        .exclude(pair__status=Pair.Status.DISSOLVED)
        .select_related("pair__programme")
        .order_by("-pk")
    ):
        key = (member.pair.programme_id, member.mentee_id, RespondentRole.MENTEE)
        places.setdefault(key, (member.pair.programme, member.pair))
    answered = set(
        SurveyResponse.objects.filter(respondent_id__in=participants).values_list(
            "form_id", "programme_id", "respondent_id", "stage"
        )
    )
    forms = list(SurveyForm.objects.filter(organization=organization, is_active=True))
    surveys = []
    for (programme_id, participant_id, role), (programme, pair) in places.items():
        for form in forms:
            if role not in form.roles:
                continue
            stages = [Stage.BEFORE, Stage.AFTER] if form.has_stages else [Stage.NONE]
            pending = [s for s in stages if (form.pk, programme_id, participant_id, s) not in answered]
            surveys.append(
                OwnSurvey(
                    programme=programme,
                    form=form,
                    participant=participants[participant_id],
                    role=role,
                    pair=pair if form.is_about_mentor and role == RespondentRole.MENTEE else None,
                    stage=pending[0] if pending else stages[-1],
                    answered=not pending,
                )
            )
    return surveys


# --- Results ------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: SurveyQuestion
    asked: int = 0  # responses of the group whose respondents were asked the question
    count: int = 0  # answers given
    average: float | None = None
    distribution: list[dict] = field(default_factory=list)  # [{"value", "count", "percent"}]
    texts: list[str] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        """Any answer could have come from at least ANONYMITY_THRESHOLD people."""
        return self.asked >= ANONYMITY_THRESHOLD


@dataclass
class GroupResult:
    """The answers of one group: a stage of the form, or the answers about one mentor."""

    label: str
    responses: int
    shown: bool
    questions: list[QuestionResult] = field(default_factory=list)
    stage: str = ""
    pair: Pair | None = None


@dataclass
class ParameterChange:
    """The evaluation's before → after change of one parameter."""

    parameter: str
    label: str
    audience: str  # who is asked the parameter's question: "" everyone, or a role
    before: float | None
    after: float | None
    before_responses: int
    after_responses: int

    @property
    def shown(self) -> bool:
        return min(self.before_responses, self.after_responses) >= ANONYMITY_THRESHOLD

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)

    @property
    def audience_label(self) -> str:
        return RespondentRole(self.audience).label if self.audience else _("Everyone")


@dataclass
class ProgrammeResults:
    form: SurveyForm
    programme: Programme
    threshold: int
    total: int
    stages: list[GroupResult]
    pairs: list[GroupResult]
    changes: list[ParameterChange]


def _distribution(question: SurveyQuestion, counts: dict) -> list[dict]:
    if question.type == SurveyQuestion.Type.SCALE:
        values = list(range(SCALE_MIN, SCALE_MAX + 1))
    else:
        values = list(question.options) + sorted(v for v in counts if v not in question.options)
    total = sum(counts.values())
    return [
        {
            "value": v,
            "count": counts.get(v, 0),
            "percent": round(100 * counts.get(v, 0) / total) if total else 0,
        }
        for v in values
    ]


class _Sizes:
    """How many responses each group has, by stage, pair and the respondents' role: how many
    people any figure or text of a group could have come from."""

    def __init__(self, rows):
        self.rows = rows

    def count(self, *, question=None, stage=None, pair=None, without_pair=False) -> int:
        return sum(
            row["count"]
            for row in self.rows
            if (question is None or question.is_asked_of(row["respondent_role"]))
            and (stage is None or row["stage"] == stage)
            and (pair is None or row["pair_id"] == pair)
            and not (without_pair and row["pair_id"] is not None)
        )


def _shown_pairs(sizes: _Sizes, shown_stages) -> list[int]:
    """Mentors whose group of answers is large enough; and when the programme's figures minus
    the shown mentors' would leave one or two responses, the smallest shown mentor is hidden
    too, so that no subtraction uncovers a small group."""
    per_pair: dict[int, int] = {}
    for row in sizes.rows:
        if row["pair_id"] is not None:
            per_pair[row["pair_id"]] = per_pair.get(row["pair_id"], 0) + row["count"]
    shown = [pk for pk, n in per_pair.items() if n >= ANONYMITY_THRESHOLD]
    disclosed = sum(sizes.count(stage=stage) for stage in shown_stages)
    rest = disclosed - sum(per_pair[pk] for pk in shown)
    if shown and 0 < rest < ANONYMITY_THRESHOLD:
        shown.remove(min(shown, key=lambda pk: (per_pair[pk], pk)))
    return shown


def programme_results(form: SurveyForm, programme: Programme) -> ProgrammeResults:
    """Results of one form in one programme: per stage the averages and distributions of each
    question, the answers about each mentor, and for the evaluation the before → after change
    per parameter. At most nine queries, whatever the number of responses.

    Only groups of at least ANONYMITY_THRESHOLD responses are shown, and within them only the
    questions asked of at least that many; the figures of a group hidden are not even read.
    """
    questions = list(form.questions.all())
    answers = SurveyAnswer.objects.filter(response__form=form, response__programme=programme)
    sizes = _Sizes(
        list(
            SurveyResponse.objects.filter(form=form, programme=programme)
            .values("stage", "pair_id", "respondent_role")
            .annotate(count=Count("pk"))
            .order_by()
        )
    )
    per_stage = {row["stage"]: sizes.count(stage=row["stage"]) for row in sizes.rows}
    stage_values = [Stage.BEFORE, Stage.AFTER] if form.has_stages else [Stage.NONE]
    stage_values += sorted(s for s in per_stage if s not in stage_values)  # answers of another kind
    shown_stages = [s for s in stage_values if per_stage.get(s, 0) >= ANONYMITY_THRESHOLD]
    pair_ids = sorted({row["pair_id"] for row in sizes.rows if row["pair_id"] is not None})
    shown_pairs = _shown_pairs(sizes, shown_stages)

    # Averages and distributions of the shown stages.
    averages = {
        (row["question_id"], row["response__stage"]): row
        for row in answers.filter(response__stage__in=shown_stages, number__isnull=False)
        .values("question_id", "response__stage")
        .annotate(average=Avg("number"), count=Count("pk"))
        .order_by()
    }
    distribution: dict[tuple, dict] = {}
    for row in (
        answers.filter(response__stage__in=shown_stages)
        .exclude(question__type=SurveyQuestion.Type.TEXT)
        .values("question_id", "response__stage", "number", "text")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        value = row["number"] if row["number"] is not None else row["text"]
        if value in (None, ""):
            continue
        distribution.setdefault((row["question_id"], row["response__stage"]), {})[value] = row["count"]

    # Free texts: those about no mentor under their stage, those about a mentor under the mentor.
    texts: dict[tuple, list[str]] = {}
    for row in (
        answers.filter(question__type=SurveyQuestion.Type.TEXT)
        .exclude(text="")
        .filter(
            Q(response__pair__isnull=True, response__stage__in=shown_stages)
            | Q(response__pair_id__in=shown_pairs)
        )
        .values("question_id", "response__stage", "response__pair_id", "text")
        .order_by("text")
    ):
        pair_id = row["response__pair_id"]
        group = ("pair", pair_id) if pair_id else ("stage", row["response__stage"])
        texts.setdefault((row["question_id"], *group), []).append(row["text"])

    stages = []
    for stage in stage_values:
        group = GroupResult(
            label=Stage(stage).label if stage in Stage.values else stage,
            responses=per_stage.get(stage, 0),
            shown=stage in shown_stages,
            stage=stage,
        )
        if group.shown:
            for question in questions:
                result = QuestionResult(question=question, asked=sizes.count(question=question, stage=stage))
                if question.type == SurveyQuestion.Type.TEXT:
                    # The texts shown here are those about no mentor: so is their pool of authors.
                    result.asked = sizes.count(question=question, stage=stage, without_pair=True)
                if not result.shown:
                    group.questions.append(result)
                    continue
                row = averages.get((question.pk, stage), {})
                counts = distribution.get((question.pk, stage), {})
                if question.type == SurveyQuestion.Type.SCALE:
                    result.count, result.average = row.get("count", 0), _round(row.get("average"))
                    result.distribution = _distribution(question, counts)
                elif question.type == SurveyQuestion.Type.CHOICE:
                    result.count = sum(counts.values())
                    result.distribution = _distribution(question, counts)
                else:
                    result.texts = texts.get((question.pk, "stage", stage), [])
                    result.count = len(result.texts)
                group.questions.append(result)
        stages.append(group)

    # The answers about each mentor.
    pairs = []
    if pair_ids:
        pair_averages = {
            (row["response__pair_id"], row["question_id"]): row
            for row in answers.filter(response__pair_id__in=shown_pairs, number__isnull=False)
            .values("response__pair_id", "question_id")
            .annotate(average=Avg("number"), count=Count("pk"))
            .order_by()
        }
        by_pk = Pair.objects.select_related("mentor").in_bulk(pair_ids)
        for pair_id in sorted(by_pk, key=lambda pk: (by_pk[pk].mentor.full_name, pk)):
            group = GroupResult(
                label=by_pk[pair_id].mentor.short_name,
                responses=sizes.count(pair=pair_id),
                shown=pair_id in shown_pairs,
                pair=by_pk[pair_id],
            )
            if group.shown:
                for question in questions:
                    if question.type == SurveyQuestion.Type.CHOICE:
                        continue
                    result = QuestionResult(
                        question=question, asked=sizes.count(question=question, pair=pair_id)
                    )
                    if result.shown:
                        row = pair_averages.get((pair_id, question.pk), {})
                        result.count, result.average = row.get("count", 0), _round(row.get("average"))
                        result.texts = texts.get((question.pk, "pair", pair_id), [])
                    group.questions.append(result)
            pairs.append(group)

    return ProgrammeResults(
        form=form,
        programme=programme,
        threshold=ANONYMITY_THRESHOLD,
        total=sum(per_stage.values()),
        stages=stages,
        pairs=pairs,
        changes=_parameter_changes(form, programme, questions) if form.has_stages else [],
    )


def _parameter_changes(form, programme, questions) -> list[ParameterChange]:
    """Before → after per parameter: the average of the parameter's scale answers at each
    stage, and how many responses each comes from. One query."""
    first: dict[str, SurveyQuestion] = {}
    for question in questions:
        if question.parameter and question.type == SurveyQuestion.Type.SCALE:
            first.setdefault(question.parameter, question)
    found: dict[str, dict] = {}
    for row in (
        SurveyAnswer.objects.filter(
            response__form=form,
            response__programme=programme,
            response__stage__in=[Stage.BEFORE, Stage.AFTER],
            question__type=SurveyQuestion.Type.SCALE,
            number__isnull=False,
        )
        .exclude(question__parameter="")
        .values("question__parameter", "response__stage")
        .annotate(average=Avg("number"), responses=Count("response", distinct=True))
        .order_by()
    ):
        found.setdefault(row["question__parameter"], {})[row["response__stage"]] = row
    order = {code: i for i, code in enumerate(first)}
    changes = []
    for parameter in sorted(found, key=lambda code: (order.get(code, len(order)), code)):
        before, after = found[parameter].get(Stage.BEFORE, {}), found[parameter].get(Stage.AFTER, {})
        question = first.get(parameter)
        change = ParameterChange(
            parameter=parameter,
            label=question.text if question else parameter,
            audience=question.audience if question else "",
            before=_round(before.get("average")),
            after=_round(after.get("average")),
            before_responses=before.get("responses", 0),
            after_responses=after.get("responses", 0),
        )
        if not change.shown:
            # Too few answers at a stage: the average would be someone's own answer.
            change.before = change.after = None
        changes.append(change)
    return changes
