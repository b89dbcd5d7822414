"""Every change to a roadmap goes through these functions: atomic, audited.

A roadmap is built from one data shape, the template schema of builtin_templates/SCHEMA.md,
whatever its source: a built-in template, last year's roadmap (`roadmap_to_data`) or a
Word/Excel file (importing.read_roadmap). `roadmap_create` is the one place that turns
that shape into rows.
"""

import re
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import apply_changes
from apps.organizations.models import Membership, Municipality, Organization

from .models import Activity, Occurrence, Responsible, Roadmap, Stage

YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


class RoadmapError(Exception):
    """A change that cannot be made; the message is for the user."""


def shift_years(text: str, years: int) -> str:
    """«Сентябрь 2020» → «Сентябрь 2026»: every year written in a phrase moves with the template."""
    if not years:
        return text
    return YEAR_IN_TEXT.sub(lambda m: str(int(m.group(1)) + years), text)


def _owner_fields(owner) -> dict:
    if isinstance(owner, Organization):
        return {"organization": owner, "municipality": owner.municipality}
    if isinstance(owner, Municipality):
        return {"organization": None, "municipality": owner}
    raise TypeError(f"A roadmap belongs to an organisation or a municipality, not {owner!r}")


def _owner_name(owner) -> str:
    return owner.short_name if isinstance(owner, Organization) else owner.name


def _title_owner_name(owner, seed_owner: str) -> str:
    """The owner's name as the title needs it. An organisation's abbreviated name does not
    decline («в БМАОУ «Лицей № 7»»); a municipality's does, so it is quoted after a
    generic noun, unless the template is that municipality's own (the same first word)."""
    if isinstance(owner, Organization):
        return owner.short_name
    first_word = owner.name.split()[0][:6].lower() if owner.name else ""
    if seed_owner and first_word and seed_owner.lower().startswith(first_word):
        return seed_owner
    return f"муниципального образования «{owner.name}»"


def _approver(owner) -> tuple[str, str]:
    """Who signs «УТВЕРЖДАЮ»: the director, or the committee's chair."""
    if isinstance(owner, Organization):
        return "директор", owner.director_name
    return "Председатель Комитета по образованию", owner.chair_name


class _PeopleByShortName:
    """Recognises «Смирнова Л.М.» among the owner's people, ignoring case, spaces and ё."""

    def __init__(self, owner):
        users = get_user_model().objects.none()
        if isinstance(owner, Organization):
            user_ids = Membership.objects.filter(organization=owner, is_active=True).values("user")
            users = get_user_model().objects.filter(pk__in=user_ids)
        else:
            users = get_user_model().objects.filter(
                committee_memberships__municipality=owner, committee_memberships__is_active=True
            )
        self.by_key, self.by_pk = {}, {}
        for user in users:
            self.by_key.setdefault(self.key(user.short_name), user)
            self.by_pk[user.pk] = user

    @staticmethod
    def key(name: str) -> str:
        return re.sub(r"[\s.]", "", name.lower().replace("ё", "е"))

    def find(self, name: str):
        return self.by_key.get(self.key(name))


@transaction.atomic
def roadmap_create(
    *, owner, year: int, data: dict, source: str, source_detail: str = "", actor=None
) -> Roadmap:
    """A roadmap for the academic year `year` from template-shaped `data`; the years written
    in its deadlines and title move by `year - data["source_year"]`."""
    roadmap = _new_roadmap(owner=owner, year=year, data=data, source=source, source_detail=source_detail)
    roadmap.created_by = actor
    try:
        with transaction.atomic():
            roadmap.save()
    except IntegrityError:
        raise RoadmapError(
            _("A roadmap for %(year)s–%(next)s already exists.") % {"year": year, "next": year + 1}
        ) from None
    stages, activities = _build_rows(roadmap, data, year - int(data.get("source_year") or year))
    roadmap.log(
        "roadmap.created",
        actor=actor,
        data={"source": source, "stages": stages, "activities": activities},
    )
    return roadmap


def _new_roadmap(*, owner, year: int, data: dict, source: str, source_detail: str) -> Roadmap:
    """The roadmap row (unsaved) with its title and approval block from `data`."""
    shift = year - int(data.get("source_year") or year)
    owner_fields = _owner_fields(owner)
    seed_owner = data.get("seed_owner_name", "")
    position, approver_name = _approver(owner)
    approval = data.get("approval") or {}
    accepted_by = approval.get("accepted_by", "")
    if seed_owner and seed_owner in accepted_by:
        accepted_by = accepted_by.replace(seed_owner, _owner_name(owner))
    roadmap = Roadmap(
        **owner_fields,
        title=shift_years(
            data.get("title", "").replace("{organization}", _title_owner_name(owner, seed_owner)), shift
        ),
        academic_year=year,
        period_years=data.get("period_years") or 1,
        preamble="\n\n".join(data.get("preamble") or []),
        columns=data.get("columns") or [],
        column_titles=data.get("column_titles") or {},
        source=source,
        source_detail=source_detail[:255],
        approval_heading=approval.get("heading") or "УТВЕРЖДАЮ",
        approver_position=approval.get("approver_position") or position,
        approver_name=approver_name,
        accepted_by=accepted_by,
    )
    if source == Roadmap.Source.COPY:
        roadmap.approver_name = approval.get("approver_name") or approver_name
        roadmap.accepted_heading = approval.get("accepted_heading") or roadmap.accepted_heading
        roadmap.accepted_name = approval.get("accepted_name", "")
    elif source == Roadmap.Source.IMPORT and (approval.get("heading") or approval.get("accepted_heading")):
        # the school's own block, as its file has it, not the portal's director
        roadmap.approver_position = approval.get("approver_position", "")[:255]
        roadmap.approver_name = approval.get("approver_name", "")[:255]
        roadmap.approval_order = approval.get("order_reference", "")[:255]
        roadmap.approval_date = _date_or_none(approval.get("approval_date"))
        roadmap.accepted_heading = approval.get("accepted_heading") or roadmap.accepted_heading
        roadmap.accepted_by = approval.get("accepted_by", "")[:500]
        roadmap.accepted_name = approval.get("accepted_name", "")[:255]
        roadmap.accepted_protocol = approval.get("accepted_protocol", "")[:255]
        roadmap.accepted_date = _date_or_none(approval.get("accepted_date"))
    if source == Roadmap.Source.IMPORT:
        roadmap.annex = data.get("annex", "")
    return roadmap


def _build_rows(roadmap: Roadmap, data: dict, shift: int, keep: dict | None = None) -> tuple[int, int]:
    """The stages, activities and responsible people of `data` under the saved `roadmap`.
    `keep` maps a title to the old activities of that title (a replacement): the first of them
    is updated in place, so its status, evidence, event and history stay."""
    people = _PeopleByShortName(roadmap.owner)
    own_seed = _is_seed_owner(roadmap.owner, data.get("seed_owner_name", ""))
    stages, activities, responsibles = [], [], []
    for stage_position, stage_data in enumerate(data.get("stages") or []):
        stage = Stage(
            roadmap=roadmap,
            position=stage_position,
            number=stage_data.get("number", ""),
            title=stage_data["title"],
            note=stage_data.get("note", ""),
        )
        stages.append(stage)
        for activity_position, activity_data in enumerate(stage_data.get("activities") or []):
            old = (keep or {}).get(title_key(activity_data["title"])) or []
            activity = old.pop(0) if old else Activity(roadmap=roadmap)
            activity.stage = stage
            activity.position = activity_position
            activity.number = activity_data.get("number", "")
            activity.title = activity_data["title"]
            activity.content = list(activity_data.get("content") or [])
            activity.result = activity_data.get("result", "")
            activity.indicator = activity_data.get("indicator", "")
            activity.notes = list(activity_data.get("notes") or [])
            activity.orders = list(activity_data.get("orders") or activity.orders or [])
            activity.event = activity_data.get("event", "") or activity.event
            activity.set_deadline(shift_years(activity_data.get("deadline", ""), shift))
            activities.append(activity)
            for entry in activity_data.get("responsible") or []:
                for person in _seed_people(entry, people, own_seed):
                    responsibles.append(_responsible(activity, person, len(responsibles), people))
    Stage.objects.bulk_create(stages)
    for activity in activities:
        activity.stage_id = activity.stage.pk
    kept = [activity for activity in activities if activity.pk]
    Activity.objects.bulk_create([activity for activity in activities if not activity.pk])
    if kept:
        Responsible.objects.filter(activity__in=kept).delete()
        Activity.objects.bulk_update(kept, [*REPLACED_FIELDS, "stage"])
    for responsible in responsibles:
        responsible.activity_id = responsible.activity.pk
    Responsible.objects.bulk_create(responsibles)
    schedule_occurrences(activities, kept=kept)
    return len(stages), len(activities)


def schedule_occurrences(activities: list[Activity], kept: list[Activity] | None = None) -> None:
    """Give each recurring activity its occurrences for its deadline as it now reads, keeping
    those already there for the same due day (their progress stays) and removing the others;
    then sum them up on the activity. A few queries whatever the number of activities.
    `kept`: the activities that may have occurrences already (all of them when not given)."""
    existing: dict[int, dict] = {}
    had = [a for a in activities if a.pk] if kept is None else kept
    for occurrence in Occurrence.objects.filter(activity__in=had) if had else []:
        existing.setdefault(occurrence.activity_id, {})[occurrence.due_on] = occurrence
    new, stale = [], []
    for activity in activities:
        have = existing.get(activity.pk, {})
        wanted = activity.occurrence_windows()
        wanted_due = {due for _start, due in wanted}
        stale += [occurrence.pk for due, occurrence in have.items() if due not in wanted_due]
        new += [
            Occurrence(activity=activity, starts_on=start, due_on=due)
            for start, due in wanted
            if due not in have
        ]
    Occurrence.objects.filter(pk__in=stale).delete()
    Occurrence.objects.bulk_create(new)
    recurring = [activity for activity in activities if activity.recurrence or activity.pk in existing]
    _sum_up(recurring)


def _sum_up(activities: list[Activity]) -> None:
    """A recurring activity's status and dates from its occurrences: done when every one is
    (on the day the last was), in progress when some are, due on the first one not done."""
    if not activities:
        return
    by_activity: dict[int, list[Occurrence]] = {}
    for occurrence in Occurrence.objects.filter(activity__in=activities).order_by("due_on"):
        by_activity.setdefault(occurrence.activity_id, []).append(occurrence)
    changed = []
    for activity in activities:
        occurrences = by_activity.get(activity.pk)
        if not occurrences:
            continue
        open_ones = [o for o in occurrences if not o.is_done]
        if open_ones:
            activity.due_on = open_ones[0].due_on
            if len(open_ones) < len(occurrences):
                activity.status = Activity.Status.IN_PROGRESS
            elif activity.status == Activity.Status.DONE:
                activity.status = Activity.Status.PLANNED
            activity.done_on = None
        else:
            activity.due_on = occurrences[-1].due_on
            activity.status = Activity.Status.DONE
            activity.done_on = max(o.done_on for o in occurrences)
        activity.starts_on = activity.starts_on or occurrences[0].starts_on
        changed.append(activity)
    Activity.objects.bulk_update(changed, ["due_on", "status", "done_on", "starts_on"])


# What a replacement sets on an activity it keeps (its progress and evidence stay).
REPLACED_FIELDS = [
    "orders",
    "position",
    "number",
    "title",
    "content",
    "result",
    "indicator",
    "notes",
    "event",
    "deadline_text",
    "deadline_kind",
    "starts_on",
    "due_on",
    "recurrence",
]


def title_key(title: str) -> str:
    """Titles match whatever their case, spaces, ё and punctuation at the end."""
    return " ".join(title.lower().replace("ё", "е").split()).rstrip(" .;:")


def roadmap_of_year(*, owner, year: int) -> Roadmap | None:
    """The owner's roadmap of the academic year, if there is one (a municipality's own only)."""
    return Roadmap.objects.filter(**_owner_fields(owner), academic_year=year).first()


def roadmap_replace_preview(*, roadmap: Roadmap, data: dict) -> dict:
    """What replacing `roadmap` by `data` changes: the activities kept (by title, with their
    progress), added and removed, and the removed ones that had progress recorded."""
    old: dict[str, list[Activity]] = {}
    for activity in roadmap.activities.order_by("stage__position", "position", "pk"):
        old.setdefault(title_key(activity.title), []).append(activity)
    kept, added = [], []
    for stage in data.get("stages") or []:
        for activity_data in stage.get("activities") or []:
            same = old.get(title_key(activity_data["title"]))
            (kept if same else added).append(same.pop(0).title if same else activity_data["title"])
    removed = [activity for activities in old.values() for activity in activities]
    return {
        "kept": kept,
        "added": added,
        "removed": [activity.title for activity in removed],
        "progress_lost": [
            activity.title
            for activity in removed
            if activity.status != Activity.Status.PLANNED or activity.evidence_file or activity.evidence_note
        ],
    }


@transaction.atomic
def roadmap_replace(*, roadmap: Roadmap, data: dict, source_detail: str = "", actor=None) -> Roadmap:
    """The roadmap's title, block, stages and activities replaced by those of a file (`data`);
    an activity whose title matches one of the old keeps its row: status, evidence, the event
    that completes it and its history. The others go, with the old stages."""
    stored = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    fresh = _new_roadmap(
        owner=stored.owner,
        year=stored.academic_year,
        data=data,
        source=Roadmap.Source.IMPORT,
        source_detail=source_detail,
    )
    header = [*HEADER_FIELDS, "columns", "column_titles", "source", "source_detail"]
    for field in header:
        setattr(stored, field, getattr(fresh, field))
    stored.save(update_fields=[*header, "updated_at"])
    changes = roadmap_replace_preview(roadmap=stored, data=data)
    keep: dict[str, list[Activity]] = {}
    for activity in stored.activities.order_by("stage__position", "position", "pk"):
        activity.roadmap = stored
        keep.setdefault(title_key(activity.title), []).append(activity)
    old_stages = list(stored.stages.values_list("pk", flat=True))
    stages, activities = _build_rows(
        stored, data, stored.academic_year - int(data.get("source_year") or stored.academic_year), keep
    )
    Stage.objects.filter(pk__in=old_stages).delete()  # with the activities no title matched
    stored.log(
        "roadmap.changed",  # replaced by a file: the header, the stages and activities
        actor=actor,
        data={
            "replaced_by": "import",
            "source": source_detail[:255],
            "stages": stages,
            "activities": activities,
            "kept": len(changes["kept"]),
            "added": len(changes["added"]),
            "removed": len(changes["removed"]),
        },
    )
    return stored


def _date_or_none(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _is_seed_owner(owner, seed_owner: str) -> bool:
    """The template is this organisation's own roadmap (the demo's schools are the seeds')."""
    if not seed_owner or not isinstance(owner, Organization):
        return False
    key = _PeopleByShortName.key
    return key(seed_owner).startswith(key(owner.short_name)) or key(seed_owner) == key(owner.full_name)


def _seed_people(entry: dict, people: _PeopleByShortName, own_seed: bool) -> list[dict]:
    """A template's role entry («Куратор») as the people the seed names for it («Смирнова Л.М.»,
    «Плизга С.Н.»): each one the member of that name where there is one, or the name as written
    in the seed's own organisation; elsewhere the role, since those people work there."""
    named = entry.get("people") or []
    if not named or entry.get("user_id"):
        return [entry]
    members = [people.find(name) for name in named]
    if not own_seed and not any(members):
        return [entry]
    return [
        {"text": name, "role": entry.get("role", ""), "user_id": member.pk if member else None}
        for name, member in zip(named, members, strict=True)
        if member or own_seed
    ]


def _responsible(activity, entry: dict, position: int, people: _PeopleByShortName) -> Responsible:
    text = (entry.get("text") or "").strip()
    role = entry.get("role", "")
    user = None
    if entry.get("user_id"):
        user = (
            people.by_pk.get(entry["user_id"]) or get_user_model().objects.filter(pk=entry["user_id"]).first()
        )
    elif not role:
        user = people.find(text)
    return Responsible(activity=activity, position=position, user=user, role=role, name=text[:500])


def roadmap_to_data(roadmap: Roadmap) -> dict:
    """The roadmap in the template shape: what a copy for next year starts from."""
    stages = []
    activities_by_stage = {}
    for activity in roadmap.activities.prefetch_related("responsibles__user"):
        activities_by_stage.setdefault(activity.stage_id, []).append(activity)
    for stage in roadmap.stages.all():
        stages.append(
            {
                "number": stage.number,
                "title": stage.title,
                "note": stage.note,
                "activities": [
                    {
                        "number": a.number,
                        "title": a.title,
                        "content": a.content,
                        "deadline": a.deadline_text,
                        "responsible": [
                            {"text": r.name, "role": r.role, "user_id": r.user_id}
                            for r in a.responsibles.all()
                        ],
                        "result": a.result,
                        "indicator": a.indicator,
                        "notes": a.notes,
                        "orders": a.orders,
                        "event": a.event,
                    }
                    for a in activities_by_stage.get(stage.pk, [])
                ],
            }
        )
    return {
        "title": roadmap.title,
        "source_year": roadmap.academic_year,
        "period_years": roadmap.period_years,
        "preamble": [p for p in roadmap.preamble.split("\n\n") if p],
        "columns": roadmap.columns,
        "column_titles": roadmap.column_titles,
        "approval": {
            "heading": roadmap.approval_heading,
            "approver_position": roadmap.approver_position,
            "approver_name": roadmap.approver_name,
            "accepted_by": roadmap.accepted_by,
            "accepted_heading": roadmap.accepted_heading,
            "accepted_name": roadmap.accepted_name,
        },
        "stages": stages,
    }


def roadmap_copy(*, roadmap: Roadmap, year: int, actor) -> Roadmap:
    """Last year's roadmap as this year's: the same activities, deadlines moved, progress cleared."""
    return roadmap_create(
        owner=roadmap.owner,
        year=year,
        data=roadmap_to_data(roadmap),
        source=Roadmap.Source.COPY,
        source_detail=roadmap.period_label,
        actor=actor,
    )


# The title and approval block, in the order the header form shows them.
HEADER_FIELDS = (
    "title",
    "period_years",
    "approval_heading",
    "approver_position",
    "approver_name",
    "approval_date",
    "approval_order",
    "accepted_heading",
    "accepted_by",
    "accepted_name",
    "accepted_protocol",
    "accepted_date",
    "annex",
    "preamble",
)


@transaction.atomic
def roadmap_update_header(*, roadmap: Roadmap, values: dict, actor) -> list[str]:
    stored = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    changed = apply_changes(stored, values, HEADER_FIELDS)
    if changed:
        stored.save(update_fields=[*changed, "updated_at"])
        stored.log("roadmap.changed", actor=actor, data={"fields": changed})
    return changed


@transaction.atomic
def roadmap_delete(*, roadmap: Roadmap, actor) -> None:
    roadmap.log("roadmap.deleted", actor=actor, data={"year": roadmap.academic_year})
    roadmap.delete()


@transaction.atomic
def stage_save(*, roadmap: Roadmap, stage: Stage | None, values: dict, actor) -> Stage:
    if stage is None:
        last = roadmap.stages.order_by("-position").first()
        stage = Stage(roadmap=roadmap, position=(last.position + 1) if last else 0)
    for field in ("number", "title", "note"):
        setattr(stage, field, values.get(field, getattr(stage, field)))
    stage.save()
    stage.roadmap.log("roadmap.stage_changed", actor=actor, target=stage)
    return stage


ACTIVITY_FIELDS = ("stage", "number", "title", "content", "result", "indicator", "event")


@transaction.atomic
def activity_save(
    *, roadmap: Roadmap, activity: Activity | None, values: dict, responsible: list[dict], actor
) -> Activity:
    """Create or edit an activity; `responsible` replaces its list ([{"user_id"|"role"|"text"}])."""
    if activity is None:
        stage = values["stage"]
        last = stage.activities.order_by("-position").first()
        activity = Activity(roadmap=roadmap, stage=stage, position=(last.position + 1) if last else 0)
    changed = apply_changes(activity, values, ACTIVITY_FIELDS)
    if "deadline" in values and values["deadline"] != activity.deadline_text:
        changed.append("deadline")
    if "deadline" in values and (changed or activity.pk is None):
        # the title or content can say the period («ежемесячный отчёт»): read it again
        activity.set_deadline(values["deadline"])
    activity.save()
    schedule_occurrences([activity])
    activity.responsibles.all().delete()
    people = _PeopleByShortName(roadmap.owner)
    Responsible.objects.bulk_create(
        _responsible(activity, entry, position, people) for position, entry in enumerate(responsible)
    )
    activity.roadmap.log("roadmap.activity_changed", actor=actor, target=activity, data={"fields": changed})
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor) -> None:
    activity.roadmap.log("roadmap.activity_deleted", actor=actor, data={"title": activity.title[:200]})
    activity.delete()


@transaction.atomic
def activity_record_progress(
    *,
    activity: Activity,
    status: str,
    actor,
    done_on: date | None = None,
    evidence_note: str = "",
    evidence_file=None,
    evidence_link: str = "",
) -> Activity:
    """Move an activity to planned, in progress or done, with what proves it. A recurring
    activity is done occurrence by occurrence (`occurrence_record_progress`)."""
    stored = Activity.objects.select_for_update().get(pk=activity.pk)
    if stored.recurrence:
        raise RoadmapError(_("This activity recurs: mark each of its occurrences done."))
    stored.status = status
    if status == Activity.Status.DONE:
        stored.done_on = done_on or timezone.localdate()
        stored.completed_by = actor
    else:
        stored.done_on = None
        stored.completed_by = None
    stored.evidence_note = evidence_note
    stored.evidence_link = evidence_link
    if evidence_file:
        stored.evidence_file = evidence_file
    stored.save()
    stored.roadmap.log(
        "roadmap.progress_changed",
        actor=actor,
        target=stored,
        data={"status": status, "evidence_file": bool(stored.evidence_file)},
    )
    return stored


@transaction.atomic
def occurrence_record_progress(
    *,
    occurrence: Occurrence,
    status: str,
    actor,
    done_on: date | None = None,
    evidence_note: str = "",
    evidence_file=None,
    evidence_link: str = "",
) -> Occurrence:
    """Mark one occurrence of a recurring activity done (or not done again), with what proves
    it; the activity sums its occurrences up."""
    stored = Occurrence.objects.select_for_update().select_related("activity__roadmap").get(pk=occurrence.pk)
    done = status == Activity.Status.DONE
    stored.done_on = (done_on or timezone.localdate()) if done else None
    stored.completed_by = actor if done else None
    stored.evidence_note = evidence_note
    stored.evidence_link = evidence_link
    if evidence_file:
        stored.evidence_file = evidence_file
    stored.save()
    activity = stored.activity
    _sum_up([activity])
    activity.roadmap.log(
        "roadmap.progress_changed",
        actor=actor,
        target=activity,
        data={
            "status": Activity.Status.DONE if done else Activity.Status.PLANNED,
            "occurrence": stored.due_on.isoformat(),
            "evidence_file": bool(stored.evidence_file),
        },
    )
    return stored


@transaction.atomic
def roadmap_mark_event(
    *,
    organization: Organization | None = None,
    event: str,
    note: str,
    link: str = "",
    actor=None,
    municipality=None,
) -> int:
    """A portal event (pairs approved, consents collected…) completes the activities it
    fulfils in the organisation's roadmaps that cover today (or, given `municipality`
    instead, in the committee's own roadmap). Returns how many it marked."""
    today = timezone.localdate()
    current_years = [today.year - 1, today.year] if today.month < 9 else [today.year]
    owner = (
        {"roadmap__organization": organization}
        if organization is not None
        else {"roadmap__organization__isnull": True, "roadmap__municipality": municipality}
    )
    activities = list(
        Activity.objects.select_for_update()
        .filter(**owner, roadmap__academic_year__in=current_years, event=event)
        .exclude(status=Activity.Status.DONE)
        .select_related("roadmap")
    )
    if organization is not None:
        activities += _named_orders_all_approved(organization, event, current_years, today)
    for activity in activities:
        if not activity.roadmap.starts_on <= today <= activity.roadmap.ends_on:
            continue
        if activity.recurrence:
            _mark_current_occurrence(activity, today=today, note=note, link=link, actor=actor, event=event)
            continue
        activity.status = Activity.Status.DONE
        activity.done_on = today
        activity.evidence_note = note
        activity.evidence_link = link
        activity.completed_by = actor
        activity.save(update_fields=["status", "done_on", "evidence_note", "evidence_link", "completed_by"])
        activity.roadmap.log(
            "roadmap.progress_changed",
            actor=actor,
            target=activity,
            data={"status": Activity.Status.DONE, "event": event},
        )
    return len(activities)


def _mark_current_occurrence(activity: Activity, *, today: date, note: str, link: str, actor, event: str):
    """An event completes the occurrence of a recurring activity that is under way (the
    earliest one begun and not done), not the whole activity."""
    occurrence = (
        activity.occurrences.filter(done_on__isnull=True, starts_on__lte=today).order_by("due_on").first()
    )
    if occurrence is None:
        return
    occurrence.done_on, occurrence.completed_by = today, actor
    occurrence.evidence_note, occurrence.evidence_link = note, link
    occurrence.save(update_fields=["done_on", "completed_by", "evidence_note", "evidence_link", "updated_at"])
    _sum_up([activity])
    activity.roadmap.log(
        "roadmap.progress_changed",
        actor=actor,
        target=activity,
        data={"status": Activity.Status.DONE, "event": event, "occurrence": occurrence.due_on.isoformat()},
    )


def _named_orders_all_approved(organization, event: str, years: list[int], today: date) -> list[Activity]:
    """The activities that name the order kind of `event` among several (000's «Подготовка
    нормативной базы»: the orders on the model, the regulation, the roadmap, the curator) whose
    every named kind now has an approved order in the roadmap's period."""
    kind = "pairs" if event == Activity.Event.PAIRS_APPROVED else event.removeprefix("order:")
    if kind == event:
        return []
    from apps.orders.models import Order  # orders build on the roadmap, not the other way

    candidates = list(
        Activity.objects.select_for_update()
        .filter(
            roadmap__organization=organization,
            roadmap__academic_year__in=years,
        )
        .exclude(status=Activity.Status.DONE)
        .exclude(event=event)  # already in the list by its event
        .exclude(orders=[])
        .select_related("roadmap")
    )
    # filtered here: JSON «contains» is not supported on SQLite (the embedded default)
    candidates = [activity for activity in candidates if kind in activity.orders]
    done = []
    for activity in candidates:
        roadmap = activity.roadmap
        approved = set(
            Order.objects.filter(
                organization=organization,
                status=Order.Status.APPROVED,
                kind__in=activity.orders,
                date__range=(roadmap.starts_on, min(roadmap.ends_on, today)),
            ).values_list("kind", flat=True)
        )
        if approved >= set(activity.orders):
            done.append(activity)
    return done


@transaction.atomic
def stage_delete(*, stage: Stage, actor) -> None:
    """A stage goes with its activities."""
    stage.roadmap.log(
        "roadmap.stage_changed",
        actor=actor,
        data={"deleted": stage.title[:200], "activities": stage.activities.count()},
    )
    stage.delete()


def log_evidence_download(*, activity: Activity, actor) -> None:
    activity.roadmap.log("roadmap.evidence_downloaded", actor=actor, target=activity)
