"""Events: creating one, inviting people, recording who came, materials and the result.

Holding an event (its attendance recorded) completes the roadmap activity it is the
evidence of, and a final event completes the roadmap's «final event» activities.
"""

from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from apps.organizations.models import Organization
from apps.organizations.roles import Role
from apps.pairs.models import Enrollment, Pair, PairMentee, Programme
from apps.participants.models import Participant, Status
from apps.roadmap.models import Activity
from apps.roadmap.services import activity_record_progress, roadmap_mark_event

from ..models import Event, EventMaterial, Invitation
from ..tasks import send_invitation_emails

User = get_user_model()


def _owner_fields(owner) -> dict:
    if isinstance(owner, Organization):
        return {"organization": owner, "municipality": None}
    return {"organization": None, "municipality": owner}


@transaction.atomic
def event_create(
    *,
    owner,
    actor,
    kind: str,
    title: str,
    starts_at: datetime,
    place: str = "",
    online_link: str = "",
    description: str = "",
    parents_count: int = 0,
    programmes=(),
    activity: Activity | None = None,
) -> Event:
    if not (place or online_link):
        raise ValidationError(_("Give the place or the online link."))
    event = Event.objects.create(
        **_owner_fields(owner),
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        place=place.strip(),
        online_link=online_link.strip(),
        description=description.strip(),
        parents_count=parents_count,
        activity=activity,
        created_by=actor,
    )
    event.programmes.set(programmes)
    event.log("event.created", actor=actor, data={"kind": kind, "programme_count": len(programmes)})
    return event


def _people_of_group(event: Event, via: str, programme: Programme | None) -> list[Participant]:
    """The participants a group invitation names, in one query."""
    people = Participant.objects.filter(organization=event.organization).exclude(status=Status.LEFT)
    if via == Invitation.Via.PARTNERS:
        return list(people.filter(partner__isnull=False))
    if programme is None:
        raise ValidationError(_("Choose the programme whose people are invited."))
    if via == Invitation.Via.PAIRS:
        working = [Pair.Status.APPROVED, Pair.Status.ACTIVE, Pair.Status.COMPLETED]
        mentors = Pair.objects.filter(programme=programme, status__in=working).values("mentor_id")
        mentees = PairMentee.objects.filter(
            pair__programme=programme, pair__status__in=working, left_at__isnull=True
        ).values("mentee_id")
        return list(people.filter(pk__in=mentors) | people.filter(pk__in=mentees))
    sides = {
        Invitation.Via.PROGRAMME: [Enrollment.Side.MENTOR, Enrollment.Side.MENTEE],
        Invitation.Via.MENTORS: [Enrollment.Side.MENTOR],
        Invitation.Via.MENTEES: [Enrollment.Side.MENTEE],
    }[via]
    enrolled = Enrollment.objects.filter(programme=programme, side__in=sides).values("participant_id")
    return list(people.filter(pk__in=enrolled))


def municipality_curators(municipality) -> list:
    """The active curators of the municipality's organisations: a committee's group invitation."""
    with scopes_disabled():
        return list(
            User.objects.filter(
                memberships__organization__municipality=municipality,
                memberships__role=Role.CURATOR,
                memberships__is_active=True,
                is_active=True,
            )
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )


@transaction.atomic
def event_invite(
    *,
    event: Event,
    actor,
    via: str,
    programme: Programme | None = None,
    participants=(),
    users=(),
    names=(),
) -> int:
    """Invite a group (a programme's people, its mentors, mentees or pairs, the partners'
    representatives) or persons; someone invited already is not invited twice. Those with
    an account are e-mailed the invitation with an .ics file (after the commit). Returns how
    many were added."""
    if event.status != Event.Status.PLANNED:
        raise ValidationError(_("Only a planned event takes invitations."))
    rows = []
    if via in (Invitation.Via.PERSON, Invitation.Via.TEAM):
        people = list(participants)
    elif via == Invitation.Via.CURATORS:
        if event.organization_id is not None:
            raise ValidationError(_("Only a committee invites the curators of its organisations."))
        people = []
        users = [*users, *municipality_curators(event.municipality)]
    elif event.organization_id is None:
        raise ValidationError(_("A committee invites people by name or by account."))
    else:
        people = _people_of_group(event, via, programme)
    for person in people:
        rows.append(
            Invitation(
                event=event,
                organization=event.organization,
                municipality=event.municipality,
                participant=person,
                user_id=person.account_id,
                name=person.short_name,
                via=via,
            )
        )
    for user in users:
        rows.append(
            Invitation(
                event=event,
                organization=event.organization,
                municipality=event.municipality,
                user=user,
                name=user.short_name,
                via=via,
            )
        )
    for name in names:
        if name.strip():
            rows.append(
                Invitation(
                    event=event,
                    organization=event.organization,
                    municipality=event.municipality,
                    name=name.strip()[:300],
                    via=Invitation.Via.PARTNERS if via == Invitation.Via.PARTNERS else Invitation.Via.PERSON,
                )
            )
    before = event.invitations.count()
    Invitation.objects.bulk_create(rows, ignore_conflicts=True)
    added = event.invitations.count() - before
    event.log("event.invited", actor=actor, data={"via": via, "invitations_added": added})
    if added:
        send_invitation_emails.delay(event.pk, owner=event.owner)
    return added


@transaction.atomic
def invitation_mark(*, invitation: Invitation, actor, attended: bool) -> Invitation:
    """One tick of the attendance checklist (saved at once, without reloading the page)."""
    if invitation.event.status == Event.Status.CANCELLED:
        raise ValidationError(_("The event is cancelled."))
    if invitation.event.starts_at.date() > timezone.localdate():
        raise ValidationError(_("Attendance is marked after the event has begun."))
    if invitation.attended != attended:
        invitation.attended = attended
        invitation.save(update_fields=["attended"])
        invitation.event.log(
            "event.attendance_marked", actor=actor, target=invitation, data={"attended": attended}
        )
    return invitation


@transaction.atomic
def attendance_record(*, event: Event, actor, present_ids: set[int]) -> int:
    """Every tick of the checklist at once (the page without JavaScript): the ticked came; a
    box unticked again did not; the others stay unmarked until the event is held."""
    changed = 0
    for invitation in event.invitations.select_related("event").order_by("pk"):
        present = invitation.pk in present_ids
        if present or invitation.attended:
            before = invitation.attended
            invitation_mark(invitation=invitation, actor=actor, attended=present)
            changed += before != invitation.attended
    return changed


@transaction.atomic
def event_hold(*, event: Event, actor, result_note: str = "", parents_attended: int = 0) -> Event:
    """The attendance is recorded: the event is held. Its roadmap activity is done with a link
    to the event, and a final event completes the roadmap's «final event» activities."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("The event is cancelled."))
    if event.starts_at.date() > timezone.localdate():
        raise ValidationError(_("Attendance is marked after the event has begun."))
    if parents_attended > event.parents_count and event.parents_count:
        raise ValidationError(_("More parents attended than were invited."))
    first_time = event.status != Event.Status.HELD
    # Whoever was not ticked did not come.
    event.invitations.filter(attended__isnull=True).update(attended=False)
    event.status = Event.Status.HELD
    event.held_on = event.held_on or timezone.localtime(event.starts_at).date()
    event.result_note = result_note.strip()
    event.parents_attended = parents_attended
    event.save(update_fields=["status", "held_on", "result_note", "parents_attended"])
    counts = attendance_counts(event)
    event.log(
        "event.held",
        actor=actor,
        data={
            "attended_count": counts["attended"],
            "invited_count": counts["invited"],
            "parents_attended": parents_attended,
        },
    )
    if first_time:
        _complete_roadmap(event, actor)
    return event


def attendance_counts(event: Event) -> dict:
    from django.db.models import Count, Q

    counts = event.invitations.aggregate(invited=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
    return counts


def _complete_roadmap(event: Event, actor) -> None:
    link = event.get_absolute_url()
    note = _("«%(title)s» held on %(day)s: %(attended)s of %(invited)s invited attended.") % {
        "title": event.title,
        "day": f"{event.held_on:%d.%m.%Y}",
        **attendance_counts(event),
    }
    if event.activity_id and event.activity.status != Activity.Status.DONE:
        activity_record_progress(
            activity=event.activity,
            status=Activity.Status.DONE,
            actor=actor,
            done_on=event.held_on,
            evidence_note=note,
            evidence_link=link,
        )
    if event.kind == Event.Kind.FINAL_EVENT:
        roadmap_mark_event(
            organization=event.organization,
            municipality=event.municipality,
            event=Activity.Event.FINAL_EVENT_HELD,
            note=note,
            link=link,
            actor=actor,
        )


@transaction.atomic
def event_cancel(*, event: Event, actor) -> Event:
    if event.status == Event.Status.HELD:
        raise ValidationError(_("A held event cannot be cancelled."))
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status"])
    event.log("event.cancelled", actor=actor)
    return event


@transaction.atomic
def material_add(*, event: Event, actor, title: str, file=None, url: str = "") -> EventMaterial:
    if not (file or url):
        raise ValidationError(_("Attach a file or give a link."))
    material = EventMaterial.objects.create(
        event=event,
        organization=event.organization,
        municipality=event.municipality,
        title=title.strip(),
        file=file or "",
        url=url.strip(),
    )
    event.log("event.material_added", actor=actor, target=material, data={"material_file": bool(file)})
    return material


def invitation_day(event: Event) -> date:
    return timezone.localtime(event.starts_at).date()
