"""Letters of thanks and diplomas: a batch of letters, numbered, rendered by a worker as one
multi-page PDF and as a zip of single PDFs (apps.documents); the reward order drafted from
the same list."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.documents.services import document_request
from apps.orders.models import Kind as OrderKind
from apps.orders.services import order_draft
from apps.organizations.models import Organization
from apps.pairs.models import Enrollment, Programme
from apps.participants.models import Participant, Status
from apps.roadmap.models import Activity
from apps.roadmap.services import roadmap_mark_event

from ..documents import BOOKLET_KIND, ZIP_KIND
from ..models import Contest, Letter, LetterBatch
from .contests import winners

MAX_LETTERS = 1000


@dataclass(frozen=True)
class Recipient:
    full_name: str
    merit: str


def recipients_of_contest(contest: Contest) -> list[Recipient]:
    """The winners (places 1–3) of a contest with results."""
    if contest.stage != Contest.Stage.RESULTS:
        raise ValidationError(_("The contest has no results yet."))
    return [
        Recipient(
            nominee.name,
            f"{nominee.place} место в номинации «{nominee.nomination.title}» конкурса «{contest.title}»",
        )
        for nominee in winners(contest)
    ]


def recipients_of_programme(programme: Programme, merit: str) -> list[Recipient]:
    """Every mentor of a programme, with the same merit."""
    mentors = (
        Participant.objects.filter(
            pk__in=Enrollment.objects.filter(programme=programme, side=Enrollment.Side.MENTOR).values(
                "participant_id"
            )
        )
        .exclude(status=Status.LEFT)
        .order_by("last_name", "first_name", "pk")
    )
    return [Recipient(person.full_name, merit) for person in mentors]


def _next_number(owner_filter: dict, year: int) -> int:
    return Letter.objects.filter(**owner_filter, batch__issued_on__year=year).count() + 1


@transaction.atomic
def letters_issue(
    *,
    owner,
    actor,
    kind: str,
    title: str,
    issued_on: date,
    signer_position: str,
    signer_name: str,
    recipients: list[Recipient],
    contest: Contest | None = None,
) -> LetterBatch:
    """Number the letters and queue their PDFs (one booklet, one zip); issuing them completes
    the roadmap's «letters of thanks» activities."""
    recipients = [r for r in recipients if r.full_name.strip()]
    if not recipients:
        raise ValidationError(_("Nobody to write a letter to."))
    if len(recipients) > MAX_LETTERS:
        raise ValidationError(_("At most %(n)s letters at once.") % {"n": MAX_LETTERS})
    is_organization = isinstance(owner, Organization)
    owner_fields = {
        "organization": owner if is_organization else None,
        "municipality": None if is_organization else owner,
    }
    batch = LetterBatch.objects.create(
        **owner_fields,
        kind=kind,
        title=title.strip(),
        issued_on=issued_on,
        signer_position=signer_position.strip(),
        signer_name=signer_name.strip(),
        contest=contest,
        created_by=actor,
    )
    numbers_of = (
        {"organization": owner} if is_organization else {"organization__isnull": True, "municipality": owner}
    )
    first = _next_number(numbers_of, issued_on.year)
    Letter.objects.bulk_create(
        Letter(
            batch=batch,
            **owner_fields,
            position=position,
            full_name=recipient.full_name.strip()[:500],
            merit=recipient.merit.strip(),
            number=f"{first + position}/{issued_on.year}",
        )
        for position, recipient in enumerate(recipients)
    )
    batch.log("letters.issued", actor=actor, data={"kind": kind, "letters_count": len(recipients)})
    letters_render(batch=batch, actor=actor)
    roadmap_mark_event(
        organization=owner_fields["organization"],
        municipality=owner_fields["municipality"],
        event=Activity.Event.LETTERS_ISSUED,
        note=_("«%(title)s»: %(count)s letters issued.") % {"title": batch.title, "count": len(recipients)},
        link=batch.get_absolute_url(),
        actor=actor,
    )
    return batch


def letters_render(*, batch: LetterBatch, actor) -> None:
    """Queue the booklet and the zip (a second request while one is queued queues nothing)."""
    for kind in (BOOKLET_KIND, ZIP_KIND):
        document_request(subject=batch, kind=kind, actor=actor)


@transaction.atomic
def reward_order_draft(*, batch: LetterBatch, actor):
    """The reward order (приказ о поощрении) drafted from the batch's list."""
    if batch.organization_id is None:
        raise ValidationError(_("A committee's reward is ordered by its own act, not in the portal."))
    people = [{"name": letter.full_name, "role": letter.merit} for letter in batch.letters.all()]
    order = order_draft(
        organization=batch.organization,
        kind=OrderKind.REWARD,
        actor=actor,
        details={"people": people},
    )
    batch.log("letters.order_drafted", actor=actor, data={"order": order.pk})
    return order
