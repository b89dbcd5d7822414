"""Assigning the committee's items to organisations, closing them with evidence, withdrawing."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.orders.models import Order
from apps.organizations.models import Municipality, Organization
from apps.roadmap.models import Activity

from .models import AssignedItem


@transaction.atomic
def items_assign(
    *,
    municipality: Municipality,
    activity: Activity,
    organizations: list[Organization],
    due_on: date,
    actor,
    note: str = "",
) -> list[AssignedItem]:
    """Ask each organisation to do the committee's activity by `due_on`. An organisation that
    already has it keeps its row: the deadline and the note are updated, its evidence stays."""
    roadmap = activity.roadmap
    if roadmap.organization_id is not None or roadmap.municipality_id != municipality.pk:
        raise ValidationError(_("Only an activity of the committee's own roadmap can be assigned."))
    if not organizations:
        raise ValidationError(_("Choose at least one organisation."))
    if any(organization.municipality_id != municipality.pk for organization in organizations):
        raise ValidationError(_("Only the municipality's own organisations can be asked."))
    existing = {
        item.organization_id: item
        for item in AssignedItem.objects.filter(activity=activity, organization__in=organizations)
    }
    items = []
    for organization in organizations:
        item = existing.get(organization.pk)
        if item is None:
            item = AssignedItem.objects.create(
                organization=organization,
                activity=activity,
                due_on=due_on,
                note=note.strip(),
                assigned_by=actor,
            )
            item.log("assigned_item.assigned", actor=actor, data={"due_on": due_on.isoformat()})
        elif item.due_on != due_on or item.note != note.strip():
            item.due_on, item.note = due_on, note.strip()
            item.save(update_fields=["due_on", "note"])
            item.log("assigned_item.changed", actor=actor, data={"due_on": due_on.isoformat()})
        items.append(item)
    return items


@transaction.atomic
def item_close(
    *,
    item: AssignedItem,
    actor,
    evidence_kind: str,
    done_on: date | None = None,
    order: Order | None = None,
    title: str = "",
    number: str = "",
    evidence_date: date | None = None,
    url: str = "",
    file=None,
) -> AssignedItem:
    """Close the item with its evidence. An order must be the organisation's and approved: its
    title, number and date are what the committee reads."""
    title, number, url = title.strip(), number.strip(), url.strip()
    if evidence_kind == AssignedItem.Evidence.ORDER:
        if order is None or order.organization_id != item.organization_id:
            raise ValidationError(_("Choose an approved order of the organisation."))
        if order.status != Order.Status.APPROVED:
            raise ValidationError(
                _("The order is not approved yet: close the item once the director approves it.")
            )
        title, number, evidence_date = order.title, order.number, order.date
    elif evidence_kind == AssignedItem.Evidence.AGREEMENT:
        if not title or evidence_date is None:
            raise ValidationError(_("Give the agreement's title and date."))
    elif evidence_kind == AssignedItem.Evidence.PUBLICATION:
        if not url:
            raise ValidationError(_("Give the address of the publication."))
        title = title or _("Publication on the website")
    elif evidence_kind == AssignedItem.Evidence.FILE:
        if not title or not (file or url):
            raise ValidationError(_("Give the document's title and its file or link."))
    else:
        raise ValidationError(_("Choose what shows the item is done."))

    item.evidence_kind = evidence_kind
    item.order = order if evidence_kind == AssignedItem.Evidence.ORDER else None
    item.evidence_title = title[:500]
    item.evidence_number = number[:50]
    item.evidence_date = evidence_date
    item.evidence_url = url
    if file:
        item.evidence_file = file
    elif evidence_kind == AssignedItem.Evidence.ORDER:
        item.evidence_file = ""
    item.done_on = done_on or timezone.localdate()
    item.closed_by = actor
    item.save()
    item.log(
        "assigned_item.closed",
        actor=actor,
        data={"evidence_kind": evidence_kind, "evidence_file": bool(item.evidence_file)},
    )
    return item


@transaction.atomic
def item_reopen(*, item: AssignedItem, actor) -> AssignedItem:
    """Back to not done (the evidence was wrong); the evidence is cleared."""
    item.done_on = None
    item.closed_by = None
    item.evidence_kind = ""
    item.order = None
    item.evidence_title = item.evidence_number = item.evidence_url = ""
    item.evidence_date = None
    item.evidence_file = ""
    item.save()
    item.log("assigned_item.reopened", actor=actor)
    return item


@transaction.atomic
def item_withdraw(*, item: AssignedItem, actor) -> None:
    """The committee no longer asks it of the organisation."""
    item.log("assigned_item.withdrawn", actor=actor)
    item.delete()


def log_evidence_download(*, item: AssignedItem, actor) -> None:
    item.log("assigned_item.evidence_downloaded", actor=actor)
