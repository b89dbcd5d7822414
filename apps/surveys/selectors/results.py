"""The results of a form in a programme, by grouped SQL: a page costs the same for 3 responses
or 3,000.

Anonymity: every figure and text a results page shows could have come from at least
ANONYMITY_THRESHOLD people. A group (a stage of a form in a programme, or the answers about
one mentor) is shown from that many responses, and within it each question only when that
many respondents were asked it (a question for mentors, answered by one mentor, is hidden);
anything smaller reads «not enough answers». A mentor's group that would let the programme's
figures minus the shown mentors' uncover one or two responses is hidden as well. Free-text
answers about a mentor appear under that mentor only, ordered alphabetically, not by time.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from apps.pairs.models import Pair, Programme
from apps.questions.models import Question

from ..models import (
    SCALE_MAX,
    SCALE_MIN,
    RespondentRole,
    Stage,
    SurveyAnswer,
    SurveyForm,
    SurveyResponse,
)
from .anonymity import ANONYMITY_THRESHOLD, rounded


@dataclass
class QuestionResult:
    question: Question
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


def _distribution(question: Question, counts: dict) -> list[dict]:
    if question.kind == Question.Kind.SCALE:
        values = list(range(SCALE_MIN, SCALE_MAX + 1))
    else:
        values = list(question.choices) + sorted(v for v in counts if v not in question.choices)
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
        .exclude(question__kind=Question.Kind.TEXT)
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
        answers.filter(question__kind=Question.Kind.TEXT)
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
                if question.kind == Question.Kind.TEXT:
                    # The texts shown here are those about no mentor: so is their pool of authors.
                    result.asked = sizes.count(question=question, stage=stage, without_pair=True)
                if not result.shown:
                    group.questions.append(result)
                    continue
                row = averages.get((question.pk, stage), {})
                counts = distribution.get((question.pk, stage), {})
                if question.kind == Question.Kind.SCALE:
                    result.count, result.average = row.get("count", 0), rounded(row.get("average"))
                    result.distribution = _distribution(question, counts)
                elif question.kind == Question.Kind.CHOICE:
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
                    if question.kind == Question.Kind.CHOICE:
                        continue
                    result = QuestionResult(
                        question=question, asked=sizes.count(question=question, pair=pair_id)
                    )
                    if result.shown:
                        row = pair_averages.get((pair_id, question.pk), {})
                        result.count, result.average = row.get("count", 0), rounded(row.get("average"))
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
    first: dict[str, Question] = {}
    for question in questions:
        if question.parameter and question.kind == Question.Kind.SCALE:
            first.setdefault(question.parameter, question)
    found: dict[str, dict] = {}
    for row in (
        SurveyAnswer.objects.filter(
            response__form=form,
            response__programme=programme,
            response__stage__in=[Stage.BEFORE, Stage.AFTER],
            question__kind=Question.Kind.SCALE,
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
            before=rounded(before.get("average")),
            after=rounded(after.get("average")),
            before_responses=before.get("responses", 0),
            after_responses=after.get("responses", 0),
        )
        if not change.shown:
            # Too few answers at a stage: the average would be someone's own answer.
            change.before = change.after = None
        changes.append(change)
    return changes
