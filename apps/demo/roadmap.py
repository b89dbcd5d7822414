"""Demo roadmaps: each demo organisation runs its own seed's roadmap this academic year,
and the committee its own; past activities are mostly done with evidence, a few left
overdue so that the highlighting shows. Running it twice changes nothing."""

from django.utils import timezone

from apps.roadmap.models import Activity, Roadmap
from apps.roadmap.selectors import current_academic_year, owner_roadmaps
from apps.roadmap.services import roadmap_create
from apps.roadmap.template_library import all_templates


def _template_for_seed(seed: str) -> dict | None:
    return next((t for t in all_templates().values() if t["seed"] == seed), None)


def load_demo_roadmap(*, owner, seed: str) -> str:
    template = _template_for_seed(seed)
    year = current_academic_year()
    if template is None:
        return "no roadmap template"
    roadmap = owner_roadmaps(owner).filter(academic_year=year).first()
    if roadmap is None:
        roadmap = roadmap_create(
            owner=owner,
            year=year,
            data=template,
            source=Roadmap.Source.TEMPLATE,
            source_detail=template["key"],
        )
        _demo_progress(roadmap)
    done = roadmap.activities.filter(status=Activity.Status.DONE).count()
    return f"roadmap {roadmap.period_label}: {roadmap.activities.count()} activities, {done} done"


def _demo_progress(roadmap: Roadmap) -> None:
    today = timezone.localdate()
    for index, activity in enumerate(roadmap.activities.order_by("stage__position", "position")):
        if activity.due_on and activity.due_on < today:
            if index % 5 == 4:
                continue  # left overdue
            activity.status = Activity.Status.DONE
            activity.done_on = activity.due_on
            activity.evidence_note = "Выполнено в срок; материалы в папке куратора."
        elif activity.starts_on and activity.starts_on <= today:
            activity.status = Activity.Status.IN_PROGRESS
        else:
            continue
        activity.save(update_fields=["status", "done_on", "evidence_note"])
