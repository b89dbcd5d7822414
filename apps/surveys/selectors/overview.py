"""The curator's overview of a programme's surveys: links sent and answered, responses per stage."""

from django.db.models import Count, Q
from django.utils import timezone

from apps.pairs.models import Programme

from ..models import Stage, SurveyForm, SurveyInvitation, SurveyResponse


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
