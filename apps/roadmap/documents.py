"""The roadmap as its official PDF, in the format of the seed documents."""

from django.utils.translation import gettext_lazy as _

from apps.documents.renderers import Rendered, register

from .models import Roadmap

COLUMN_TITLES = {
    "number": "№",
    "stage": "Наименование этапа",
    "activity": "Мероприятие",
    "content": "Содержание деятельности",
    "deadline": "Сроки",
    "responsible": "Ответственные",
    "result": "Ожидаемый результат (вид документа)",
    "indicator": "Показатели эффективности",
}
DEFAULT_COLUMNS = ["number", "stage", "activity", "content", "deadline", "responsible", "result"]
KIND = "roadmap"
KIND_LABEL = _("Roadmap")


def pdf_columns(roadmap: Roadmap, activities) -> list[str]:
    """The source document's columns, plus a result or indicator column that holds data.
    (Without a content column, content items are printed under the activity's title.)"""
    columns = list(roadmap.columns or DEFAULT_COLUMNS)
    for field in ("result", "indicator"):
        if field not in columns and any(getattr(a, field) for a in activities):
            columns.insert(columns.index("responsible") if "responsible" in columns else len(columns), field)
    return columns


@register(KIND, permission="roadmap.view")
def render_roadmap(roadmap: Roadmap) -> Rendered:
    activities = list(
        roadmap.activities.select_related("stage")
        .prefetch_related("responsibles__user")
        .order_by("stage__position", "position", "pk")
    )
    stages = []
    by_stage = {}
    for activity in activities:
        by_stage.setdefault(activity.stage_id, []).append(activity)
    for stage in roadmap.stages.all():
        stages.append({"stage": stage, "activities": by_stage.get(stage.pk, [])})
    columns = pdf_columns(roadmap, activities)
    titles = {**COLUMN_TITLES, **(roadmap.column_titles or {})}
    owner = roadmap.owner
    letterhead = owner.full_name if roadmap.organization_id else owner.committee_name
    return Rendered(
        template_name="roadmap/pdf.html",
        context={
            "roadmap": roadmap,
            "stages": stages,
            "columns": [(c, titles.get(c, c)) for c in columns],
            "stage_as_column": "stage" in columns,
            "has_content_column": "content" in columns,
            # 001: its items are the activities; their titles are printed in the content column
            "has_activity_column": "activity" in columns,
            # the source's unknown columns are printed under the activity (or its content)
            "notes_column": "activity" if "activity" in columns else "content",
            "column_count": len(columns),
            "letterhead": letterhead,
        },
        filename=f"roadmap-{roadmap.academic_year}-{roadmap.academic_year + roadmap.period_years}.pdf",
        archival=True,
    )
