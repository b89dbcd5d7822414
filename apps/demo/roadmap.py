"""Demo roadmaps: each demo organisation runs its own seed's roadmap this academic year,
and the committee its own; past activities are mostly done with evidence, a few left
overdue so that the highlighting shows; an organisation's roadmap also has a monthly report,
its past months done but for the last, overdue. Running it twice changes nothing."""

from django.utils import timezone

from apps.roadmap.models import Activity, Occurrence, Roadmap
from apps.roadmap.selectors import current_academic_year, owner_roadmaps
from apps.roadmap.services import activity_save, occurrence_record_progress, roadmap_create
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
        if roadmap.organization_id:
            _demo_recurring(roadmap)
    done = roadmap.activities.filter(status=Activity.Status.DONE).count()
    occurrences = Occurrence.objects.filter(activity__roadmap=roadmap)
    recurring = ""
    if occurrences.exists():
        recurring = (
            f", {occurrences.filter(done_on__isnull=False).count()}/{occurrences.count()} occurrences done"
        )
    return f"roadmap {roadmap.period_label}: {roadmap.activities.count()} activities, {done} done{recurring}"


# The curator's monthly report: the recurring deadline every demo organisation shows.
MONTHLY_REPORT = "Ежемесячный отчёт куратора о ходе реализации программ наставничества"


def _demo_recurring(roadmap: Roadmap) -> None:
    """A monthly activity in the last stage; its past months done with evidence, except the
    last one, left overdue so that an occurrence shows overdue on its own."""
    stage = roadmap.stages.order_by("-position").first()
    if stage is None:
        return
    activity = activity_save(
        roadmap=roadmap,
        activity=None,
        values={"stage": stage, "title": MONTHLY_REPORT, "deadline": "ежемесячно"},
        responsible=[{"text": "Куратор", "role": "curator"}],
        actor=None,
    )
    today = timezone.localdate()
    for occurrence in list(activity.occurrences.filter(due_on__lt=today))[:-1]:  # the last left overdue
        occurrence_record_progress(
            occurrence=occurrence,
            status=Activity.Status.DONE,
            actor=None,
            done_on=occurrence.due_on,
            evidence_note="Отчёт представлен директору.",
        )


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
