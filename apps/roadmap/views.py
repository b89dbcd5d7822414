"""Roadmap pages. The same views serve an organisation (/o/<org_slug>/roadmap/) and a
committee's own roadmap (/m/<municipality_slug>/roadmap/): `owner_of(request)` is the tenant."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.core.downloads import stored_file_response
from apps.core.idempotency import idempotent
from apps.documents.services import document_request, latest_document
from apps.organizations.scoping import owner_of, request_has_permission, tenant_url
from apps.organizations.views_base import filters_from_session, form_errors_text, tenant_view

from . import services
from .documents import KIND as PDF_KIND
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    ProgressForm,
    RoadmapCreateForm,
    RoadmapHeaderForm,
    RoadmapImportForm,
    StageForm,
)
from .importing import RoadmapFileError, read_roadmap
from .models import Activity, Occurrence, Responsible, Roadmap, Stage
from .selectors import (
    current_academic_year,
    owner_roadmaps,
    percent,
    progress_counts,
    responsible_to,
    stage_progress,
    with_state,
)
from .template_library import get_template
from .timeline import build_timeline

IMPORT_SESSION_KEY = "roadmap_import"


def _roadmap(request, roadmap_id: int) -> Roadmap:
    """The tenant's own roadmap; a committee's pages never open its organisations' roadmaps."""
    return get_object_or_404(
        owner_roadmaps(owner_of(request)).select_related("organization", "municipality"), pk=roadmap_id
    )


def _activity(roadmap: Roadmap, activity_id: int) -> Activity:
    return get_object_or_404(roadmap.activities.select_related("stage"), pk=activity_id)


def _tenant_prefix(request) -> str:
    owner = owner_of(request)
    return f"/o/{owner.slug}/" if request.organization else f"/m/{owner.slug}/"


@tenant_view(permission="roadmap.view")
def roadmap_list(request, **tenant):
    owner = owner_of(request)
    roadmaps = list(owner_roadmaps(owner))
    totals = {r.pk: progress_counts(r.activities.all()) for r in roadmaps}
    for roadmap in roadmaps:
        counts = totals[roadmap.pk]
        roadmap.done_percent = percent(counts["done"], counts["total"])
        roadmap.counts = counts
    return render(
        request,
        "roadmap/list.html",
        {
            "roadmaps": roadmaps,
            "create_form": RoadmapCreateForm(owner=owner),
            "import_form": RoadmapImportForm(),
            "can_manage": request_has_permission(request, "roadmap.manage"),
            "current_year": current_academic_year(),
        },
    )


@require_POST
@tenant_view(permission="roadmap.manage")
@idempotent
def roadmap_create(request, **tenant):
    owner = owner_of(request)
    form = RoadmapCreateForm(request.POST, owner=owner)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(tenant_url(owner, "roadmap:list"))
    year, source = form.cleaned_data["year"], form.cleaned_data["source"]
    try:
        if source.startswith("template:"):
            key = source.split(":", 1)[1]
            roadmap = services.roadmap_create(
                owner=owner,
                year=year,
                data=get_template(key),
                source=Roadmap.Source.TEMPLATE,
                source_detail=key,
                actor=request.user,
            )
        elif source.startswith("copy:"):
            earlier = get_object_or_404(owner_roadmaps(owner), pk=int(source.split(":", 1)[1]))
            roadmap = services.roadmap_copy(roadmap=earlier, year=year, actor=request.user)
        else:
            data = {"title": _("Roadmap of the target model of mentoring"), "stages": []}
            roadmap = services.roadmap_create(
                owner=owner, year=year, data=data, source=Roadmap.Source.BLANK, actor=request.user
            )
    except services.RoadmapError as error:
        messages.error(request, str(error))
        return redirect(tenant_url(owner, "roadmap:list"))
    messages.success(request, _("The roadmap is created. Check the deadlines and the responsible people."))
    return redirect(tenant_url(owner, "roadmap:detail", roadmap_id=roadmap.pk))


@tenant_view(permission="roadmap.manage")
@idempotent
def roadmap_import(request, **tenant):
    """Upload → preview with what was not understood → confirm. Nothing is written before."""
    owner = owner_of(request)
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(IMPORT_SESSION_KEY)
        if not pending:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect(tenant_url(owner, "roadmap:import"))
        existing = services.roadmap_of_year(owner=owner, year=pending["year"])
        try:
            if existing is not None and "replace" in request.POST:
                roadmap = services.roadmap_replace(
                    roadmap=existing,
                    data=pending["data"],
                    source_detail=pending["filename"],
                    actor=request.user,
                )
            else:
                roadmap = services.roadmap_create(
                    owner=owner,
                    year=pending["year"],
                    data=pending["data"],
                    source=Roadmap.Source.IMPORT,
                    source_detail=pending["filename"],
                    actor=request.user,
                )
        except services.RoadmapError as error:
            messages.error(request, str(error))
            return redirect(tenant_url(owner, "roadmap:import"))
        del request.session[IMPORT_SESSION_KEY]
        messages.success(
            request, _("The roadmap is replaced.") if existing is not None else _("The roadmap is imported.")
        )
        return redirect(tenant_url(owner, "roadmap:detail", roadmap_id=roadmap.pk))

    form = RoadmapImportForm(request.POST or None, request.FILES or None)
    preview = changes = existing = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = read_roadmap(upload, upload.name, year=form.cleaned_data["year"])
        except RoadmapFileError as error:
            form.add_error("file", str(error))
        else:
            request.session[IMPORT_SESSION_KEY] = {
                "data": data,
                "year": form.cleaned_data["year"],
                "filename": upload.name[:255],
            }
            preview = data
            existing = services.roadmap_of_year(owner=owner, year=form.cleaned_data["year"])
            if existing is not None:
                changes = services.roadmap_replace_preview(roadmap=existing, data=data)
    return render(
        request,
        "roadmap/import.html",
        {"form": form, "preview": preview, "changes": changes, "existing": existing},
    )


@tenant_view(permission="roadmap.view")
def roadmap_detail(request, roadmap_id, **tenant):
    owner = owner_of(request)
    roadmap = _roadmap(request, roadmap_id)
    filters, redirect_response = filters_from_session(
        request, partial(ActivityFilterForm, owner=owner), key=f"roadmap:{roadmap.pk}"
    )
    if redirect_response:
        return redirect_response
    activities = with_state(roadmap.activities.all())
    state = filters.cleaned_data.get("state") if filters.is_valid() else ""
    responsible = filters.cleaned_data.get("responsible") if filters.is_valid() else ""
    if state:
        activities = activities.filter(state=state)
    if responsible == "me":
        role = request.membership.role if request.membership else "committee"
        activities = responsible_to(activities, user=request.user, role=role)
    elif responsible.startswith("user:"):
        activities = activities.filter(
            pk__in=Responsible.objects.filter(user_id=int(responsible[5:])).values("activity")
        )
    elif responsible.startswith("role:"):
        activities = activities.filter(
            pk__in=Responsible.objects.filter(role=responsible[5:]).values("activity")
        )
    activities = activities.prefetch_related(
        Prefetch("responsibles", queryset=Responsible.objects.select_related("user"))
    ).order_by("stage__position", "position", "pk")

    by_stage = {}
    for activity in activities:
        by_stage.setdefault(activity.stage_id, []).append(activity)
    progress = stage_progress(roadmap)
    stages = [
        {"stage": stage, "activities": by_stage.get(stage.pk, []), "progress": progress.get(stage.pk)}
        for stage in roadmap.stages.all()
    ]
    counts = progress_counts(roadmap.activities.all())
    return render(
        request,
        "roadmap/detail.html",
        {
            "roadmap": roadmap,
            "stages": stages,
            "filters": filters,
            "filtered": bool(state or responsible),
            "counts": counts,
            "done_percent": percent(counts["done"], counts["total"]),
            "on_time_percent": percent(counts["on_time"], counts["due"]),
            "document": latest_document(roadmap, PDF_KIND),
            "can_manage": request_has_permission(request, "roadmap.manage"),
            "can_progress": request_has_permission(request, "roadmap.progress"),
        },
    )


@tenant_view(permission="roadmap.view")
def roadmap_timeline(request, roadmap_id, **tenant):
    roadmap = _roadmap(request, roadmap_id)
    activities = (
        with_state(roadmap.activities.select_related("stage"))
        .prefetch_related("occurrences")
        .order_by("stage__position", "position", "pk")
    )
    return render(
        request,
        "roadmap/timeline.html",
        {
            "roadmap": roadmap,
            "timeline": build_timeline(roadmap, list(activities), today=timezone.localdate()),
        },
    )


@tenant_view(permission="roadmap.manage")
def roadmap_header(request, roadmap_id, **tenant):
    roadmap = _roadmap(request, roadmap_id)
    form = RoadmapHeaderForm(request.POST or None, instance=roadmap)
    if request.method == "POST" and form.is_valid():
        services.roadmap_update_header(roadmap=roadmap, values=form.cleaned_data, actor=request.user)
        messages.success(request, _("The roadmap is saved."))
        return redirect(tenant_url(owner_of(request), "roadmap:detail", roadmap_id=roadmap.pk))
    return render(request, "roadmap/header_form.html", {"roadmap": roadmap, "form": form})


@require_POST
@tenant_view(permission="roadmap.manage")
def roadmap_delete(request, roadmap_id, **tenant):
    roadmap = _roadmap(request, roadmap_id)
    services.roadmap_delete(roadmap=roadmap, actor=request.user)
    messages.success(request, _("The roadmap is deleted."))
    return redirect(tenant_url(owner_of(request), "roadmap:list"))


@require_POST
@tenant_view(permission="roadmap.view")
def roadmap_pdf(request, roadmap_id, **tenant):
    """Queue the official PDF; the page then shows its state until it can be downloaded."""
    roadmap = _roadmap(request, roadmap_id)
    document = document_request(subject=roadmap, kind=PDF_KIND, actor=request.user)
    if request.htmx:
        return render(request, "documents/_status.html", {"document": document})
    return redirect(tenant_url(owner_of(request), "roadmap:detail", roadmap_id=roadmap.pk))


@tenant_view(permission="roadmap.manage")
@idempotent
def stage_edit(request, roadmap_id, stage_id=None, **tenant):
    roadmap = _roadmap(request, roadmap_id)
    stage = get_object_or_404(roadmap.stages, pk=stage_id) if stage_id else None
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        services.stage_save(roadmap=roadmap, stage=stage, values=form.cleaned_data, actor=request.user)
        messages.success(request, _("The stage is saved."))
        return redirect(tenant_url(owner_of(request), "roadmap:detail", roadmap_id=roadmap.pk))
    return render(request, "roadmap/stage_form.html", {"roadmap": roadmap, "form": form, "stage": stage})


@tenant_view(permission="roadmap.manage")
@idempotent
def activity_edit(request, roadmap_id, activity_id=None, **tenant):
    roadmap = _roadmap(request, roadmap_id)
    activity = _activity(roadmap, activity_id) if activity_id else None
    initial = {}
    if activity is None and request.GET.get("stage", "").isdigit():
        initial["stage"] = int(request.GET["stage"])
    form = ActivityForm(request.POST or None, instance=activity, roadmap=roadmap, initial=initial)
    if request.method == "POST" and "delete" in request.POST and activity is not None:
        services.activity_delete(activity=activity, actor=request.user)
        messages.success(request, _("The activity is deleted."))
        return redirect(tenant_url(owner_of(request), "roadmap:detail", roadmap_id=roadmap.pk))
    if request.method == "POST" and form.is_valid():
        saved = services.activity_save(
            roadmap=roadmap,
            activity=Activity.objects.get(pk=activity.pk) if activity else None,
            values=form.activity_values(),
            responsible=form.responsible_entries(),
            actor=request.user,
        )
        messages.success(request, _("The activity is saved."))
        if saved.deadline_text and saved.deadline_kind == "unknown":  # kept as written, but said
            messages.warning(
                request,
                _(
                    "The deadline «%(text)s» is not understood as a date, so the activity is never "
                    "shown as overdue. Write it as «до 31.05.2027», «Сентябрь 2026» or «ежемесячно»."
                )
                % {"text": saved.deadline_text},
            )
        return redirect(tenant_url(owner_of(request), "roadmap:detail", roadmap_id=roadmap.pk))
    return render(
        request, "roadmap/activity_form.html", {"roadmap": roadmap, "form": form, "activity": activity}
    )


def _may_record_progress(request, activity: Activity) -> bool:
    """Managers record any activity; others only those they are responsible for."""
    if request_has_permission(request, "roadmap.manage"):
        return True
    role = request.membership.role if request.membership else "committee"
    return (
        activity.responsibles.filter(user=request.user).exists()
        or activity.responsibles.filter(role=role).exists()
    )


def _occurrence(request, activity: Activity) -> Occurrence | None:
    """The occurrence named by the request (?occurrence= or the form's field), of this activity
    only: another activity's or organisation's id answers 404."""
    value = request.POST.get("occurrence") or request.GET.get("occurrence")
    if not value:
        return None
    if not str(value).isdigit():
        raise Http404
    return get_object_or_404(activity.occurrences, pk=int(value))


@tenant_view(permission="roadmap.view")
def activity_detail(request, roadmap_id, activity_id, **tenant):
    roadmap = _roadmap(request, roadmap_id)
    activity = _activity(roadmap, activity_id)
    if activity.recurrence:
        return _recurring_activity_detail(request, roadmap, activity)
    may_record = request_has_permission(request, "roadmap.progress") and _may_record_progress(
        request, activity
    )
    form = None
    if may_record:
        initial = {
            "status": activity.status,
            "done_on": activity.done_on or timezone.localdate(),
            "evidence_note": activity.evidence_note,
            "evidence_link": activity.evidence_link,
        }
        form = ProgressForm(
            request.POST or None,
            request.FILES or None,
            initial=initial,
            tenant_prefix=_tenant_prefix(request),
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Your role does not allow this."))
        if form.is_valid():
            services.activity_record_progress(activity=activity, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The progress is saved."))
            return redirect(
                tenant_url(owner_of(request), "roadmap:detail", roadmap_id=roadmap.pk)
                + f"#activity-{activity.pk}"
            )
    return render(
        request,
        "roadmap/activity_detail.html",
        {
            "roadmap": roadmap,
            "activity": activity,
            "state": activity.state(),
            "form": form,
            "can_manage": request_has_permission(request, "roadmap.manage"),
        },
    )


def _recurring_activity_detail(request, roadmap: Roadmap, activity: Activity):
    """A recurring activity: its occurrences, each done or overdue on its own; the person who
    may record progress marks one done with its evidence, as an activity."""
    occurrences = list(activity.occurrences.select_related("completed_by"))
    chosen = _occurrence(request, activity) or next((o for o in occurrences if not o.is_done), None)
    may_record = request_has_permission(request, "roadmap.progress") and _may_record_progress(
        request, activity
    )
    form = None
    if may_record and chosen is not None:
        form = ProgressForm(
            request.POST or None,
            request.FILES or None,
            initial={
                "status": Activity.Status.DONE,
                "done_on": chosen.done_on or timezone.localdate(),
                "evidence_note": chosen.evidence_note,
                "evidence_link": chosen.evidence_link,
            },
            tenant_prefix=_tenant_prefix(request),
        )
        form.fields["status"].choices = OCCURRENCE_STATUSES
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied(_("Your role does not allow this."))
        if chosen is None:
            # Every occurrence is done (a second tab, a double click): nothing to mark, not a refusal.
            messages.info(request, _("Every occurrence of this activity is done already."))
            return redirect(
                tenant_url(
                    owner_of(request), "roadmap:activity", roadmap_id=roadmap.pk, activity_id=activity.pk
                )
            )
        if form.is_valid():
            services.occurrence_record_progress(occurrence=chosen, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The progress is saved."))
            return redirect(
                tenant_url(
                    owner_of(request), "roadmap:activity", roadmap_id=roadmap.pk, activity_id=activity.pk
                )
            )
    today = timezone.localdate()
    return render(
        request,
        "roadmap/activity_detail.html",
        {
            "roadmap": roadmap,
            "activity": activity,
            "state": activity.state(),
            "occurrences": [{"occurrence": o, "state": o.state(today)} for o in occurrences],
            "chosen": chosen,
            "form": form,
            "can_manage": request_has_permission(request, "roadmap.manage"),
        },
    )


OCCURRENCE_STATUSES = [
    (Activity.Status.DONE, gettext_lazy("Done")),
    (Activity.Status.PLANNED, gettext_lazy("Not done")),
]


@tenant_view(permission="roadmap.view")
def activity_evidence(request, roadmap_id, activity_id, **tenant):
    roadmap = _roadmap(request, roadmap_id)
    activity = _activity(roadmap, activity_id)
    holder = _occurrence(request, activity) or activity
    if not holder.evidence_file:
        raise Http404
    services.log_evidence_download(activity=activity, actor=request.user)
    return stored_file_response(holder.evidence_file)


@require_POST
@tenant_view(permission="roadmap.manage")
def stage_delete(request, roadmap_id, stage_id, **tenant):
    roadmap = _roadmap(request, roadmap_id)
    stage = get_object_or_404(Stage.objects.filter(roadmap=roadmap), pk=stage_id)
    services.stage_delete(stage=stage, actor=request.user)
    messages.success(request, _("The stage is deleted."))
    return redirect(tenant_url(owner_of(request), "roadmap:detail", roadmap_id=roadmap.pk))
