"""The satisfaction figures of the dashboards, by grouped SQL: one query for any number of
organisations."""

from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone

from apps.questions.models import Question

from ..models import SATISFACTION_KINDS, SurveyForm, SurveyResponse
from .anonymity import anonymous_average, rounded


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
            average=Avg("answers__number", filter=Q(answers__question__kind=Question.Kind.SCALE)),
        )
        .order_by()
    )
    result = {pk: {"responses": 0, "average": None} for pk in ids}
    for row in rows:
        result[row["organization_id"]] = {"responses": row["responses"], "average": rounded(row["average"])}
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
            average=Avg("answers__number", filter=Q(answers__question__kind=Question.Kind.SCALE)),
        )
        .order_by()
    }
    result = []
    for kind in kinds:
        responses = rows.get(kind, {}).get("responses", 0)
        average = anonymous_average(responses, rows.get(kind, {}).get("average"))
        result.append({"kind": kind, "label": kind.label, "responses": responses, "average": average})
    return result
