"""The life of an order: drafted by the curator, submitted, returned with a comment or
approved by the director. Approval numbers the order, makes it immutable and applies its
effects; a correction is a new order that cancels the old one. Every step is in the
order's history and in the audit trail; a repeated step does nothing twice."""

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core.academic_year import current_academic_year
from apps.core.text import in_quotes
from apps.documents.services import document_request
from apps.organizations.models import Membership
from apps.organizations.roles import Role
from apps.pairs.approval_rules import approval_problems
from apps.pairs.models import Pair, TrainingSession
from apps.pairs.services.pairs import pair_approve
from apps.roadmap.models import Activity
from apps.roadmap.services import roadmap_mark_event

from . import wording
from .default_templates import ORDER_TYPES
from .models import Kind, NumberingScheme, Order, OrderEvent, OrderTemplate

ALLOWED_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ol",
    "ul",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"p": {"class"}, "ol": {"class"}, "table": {"class"}, "td": {"colspan", "rowspan"}}


def clean_html(html: str) -> str:
    """What an order's text may hold: paragraphs, lists and tables, nothing that runs."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, link_rel=None)


def order_template(organization, kind: str) -> tuple[str, str]:
    """The organisation's wording of an order type, or the portal's default."""
    own = OrderTemplate.objects.filter(organization=organization, kind=kind).first()
    if own is not None:
        return own.title, own.body
    default = ORDER_TYPES.get(kind, {"title": "", "body": ""})
    return default["title"], default["body"]


def render_body(template_text: str, context: dict) -> str:
    """An order's text from its kind's wording (the small language of `wording`), cleaned."""
    try:
        rendered = wording.render(template_text, context)
    except ValidationError:
        raise  # a refusal that names what the wording may not do
    except Exception as error:  # noqa: BLE001  (a broken text a curator wrote)
        raise ValidationError(
            _("The text of the order template has an error: %(error)s") % {"error": error}
        ) from None
    return clean_html(rendered)


def _day(value) -> str:
    return date_format(value, "d.m.Y") if value else ""


def order_context(order: Order) -> dict:
    """The data an order's text is written from: plain values, never model instances."""
    organization = order.organization
    year_start = order.details.get("year") or current_academic_year()
    programme = order.programme
    pairs = [
        {
            "mentor": pair.mentor.full_name,
            "mentees": [m.mentee.full_name for m in pair.members.all() if m.left_at is None],
            "form": str(pair.programme.form) if pair.programme.form_id else "",
            "programme": pair.programme.title,
        }
        for pair in order.pairs.select_related("mentor", "programme__form").prefetch_related(
            "members__mentee"
        )
    ]
    sessions = [{"date": _day(s.held_on), "topic": s.topic} for s in order_sessions(order)]
    curator = order.curator or _organization_curator(organization)
    return {
        "organization": {
            "full_name": organization.full_name,
            "short_name": organization.short_name,
            "director_name": organization.director_name,
            "address": organization.address,
        },
        "order": {"number": order.number, "date": _day(order.date), "title": order.title},
        "year": f"{year_start}/{year_start + 1}",
        "curator": {
            "full_name": curator.full_name if curator else "",
            "short_name": curator.short_name if curator else "",
            "position": order.details.get("curator_position", ""),
        },
        "roadmap": {
            "title": order.roadmap.title if order.roadmap else "",
            "period": order.roadmap.period_label if order.roadmap else "",
        },
        "programme": {
            "title": programme.title if programme else "",
            "form": str(programme.form) if programme and programme.form_id else "",
            "starts_on": _day(programme.starts_on) if programme else "",
            "ends_on": _day(programme.ends_on) if programme else "",
        },
        "pairs": pairs,
        "sessions": sessions,
        "people": order.details.get("people", []),
        "event": {"date": order.details.get("event_date", ""), "place": order.details.get("event_place", "")},
    }


def order_sessions(order: Order):
    """The «Школа наставников» sessions an order lists: those chosen when it was written again
    (`details["sessions"]`), or else every session of its programme."""
    if order.programme_id is None:
        return TrainingSession.objects.none()
    sessions = order.programme.training_sessions.all()
    if "sessions" in order.details:
        sessions = sessions.filter(pk__in=order.details["sessions"])
    return sessions


# What each kind of order is about: without it the order says nothing and cannot be submitted.
def order_missing_data(order: Order) -> list[str]:
    """What the order's kind needs and the order lacks, one sentence each (empty: complete)."""
    missing = []
    details = order.details
    if order.kind in (Kind.PAIRS, Kind.MENTOR_SCHOOL) and order.programme_id is None:
        missing.append(_("No programme is chosen."))
    if order.kind == Kind.PAIRS:
        # One query for the listed pairs: none listed, or a proposal that cannot be approved
        # (a teacher pair without its mentor's consent, pairs.approval_rules).
        listed = list(order.pairs.select_related("programme__form", "mentor"))
        if not listed:
            missing.append(_("No pairs are listed: choose the pairs or groups the order approves."))
        proposals = [pair for pair in listed if pair.status == Pair.Status.PROPOSED]
        for problems in approval_problems(proposals).values():
            missing.extend(problems)
    if order.kind == Kind.MENTOR_SCHOOL and order.programme_id and not order_sessions(order).exists():
        missing.append(
            _(
                "The schedule of «Школа наставников» is empty: add its sessions on the programme's "
                "page, then write the order again."
            )
        )
    if order.kind == Kind.CURATOR and order.curator_id is None:
        missing.append(_("No curator is chosen."))
    if order.kind == Kind.ROADMAP and order.roadmap_id is None:
        missing.append(_("No roadmap is chosen."))
    if order.kind == Kind.REWARD and not details.get("people"):
        missing.append(_("Nobody to reward is named."))
    if order.kind == Kind.FINAL_EVENT and not (details.get("event_date") and details.get("event_place")):
        missing.append(_("The date or the place of the event is missing."))
    return missing


def _require_complete(order: Order) -> None:
    missing = order_missing_data(order)
    if missing:
        raise ValidationError([_("The order cannot be submitted:")] + missing)


def _organization_curator(organization):
    """Orders other than the curator's own name the programme's curator where they need one."""
    membership = (
        Membership.objects.filter(organization=organization, role=Role.CURATOR, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _history(order: Order, actor, action: str, comment: str = "") -> None:
    OrderEvent.objects.create(order=order, actor=actor, action=action, comment=comment)
    order.log(f"order.{action}", actor=actor, data={"kind": order.kind, "number": order.number})


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


@transaction.atomic
def order_draft(
    *,
    organization,
    kind: str,
    actor,
    programme=None,
    pairs=(),
    curator=None,
    roadmap=None,
    details: dict | None = None,
    cancels: Order | None = None,
) -> Order:
    """A new draft whose text is written from the template and the portal's data.
    The pairs order lists the programme's proposed pairs unless `pairs` are given."""
    title, body = order_template(organization, kind)
    order = Order.objects.create(
        organization=organization,
        kind=kind,
        title=title,
        body="",
        programme=programme,
        curator=curator,
        roadmap=roadmap,
        details=details or {},
        cancels=cancels,
        created_by=actor,
    )
    if kind == Kind.PAIRS and not pairs and programme is not None:
        pairs = Pair.objects.filter(programme=programme, status=Pair.Status.PROPOSED)
    order.pairs.set(pairs)
    order.body = render_body(body, order_context(order))
    order.save(update_fields=["body"])
    _history(order, actor, OrderEvent.Action.CREATED)
    return order


def _require_editable(order: Order) -> None:
    if not order.is_editable:
        raise ValidationError(_("An order awaiting approval or approved cannot be changed."))


@transaction.atomic
def order_update(*, order: Order, actor, title: str, body: str) -> Order:
    order = _locked(order)
    _require_editable(order)
    order.title, order.body = title.strip(), clean_html(body)
    order.save(update_fields=["title", "body"])
    _history(order, actor, OrderEvent.Action.EDITED)
    return order


@transaction.atomic
def order_regenerate(
    *,
    order: Order,
    actor,
    programme=None,
    pairs=None,
    sessions=None,
    curator=None,
    roadmap=None,
    details: dict | None = None,
) -> Order:
    """Write the text again from the template and today's data, about what the curator chose
    (a programme, its pairs or «Школа наставников» sessions…); what is not given stays."""
    order = _locked(order)
    _require_editable(order)
    if programme is not None:
        order.programme = programme
    if curator is not None:
        order.curator = curator
    if roadmap is not None:
        order.roadmap = roadmap
    if details is not None:
        order.details = {**order.details, **details}
    if sessions is not None:
        order.details = {**order.details, "sessions": sorted(session.pk for session in sessions)}
    order.save(update_fields=["programme", "curator", "roadmap", "details"])
    if pairs is not None:
        order.pairs.set(pairs)
    title, body = order_template(order.organization, order.kind)
    order.title, order.body = title, render_body(body, order_context(order))
    order.save(update_fields=["title", "body"])
    _history(order, actor, OrderEvent.Action.EDITED)
    return order


@transaction.atomic
def order_submit(*, order: Order, actor) -> Order:
    order = _locked(order)
    if order.status == Order.Status.SUBMITTED:
        return order  # a double click
    _require_editable(order)
    if not order.body.strip():
        raise ValidationError(_("The order has no text."))
    _require_complete(order)
    order.status = Order.Status.SUBMITTED
    order.save(update_fields=["status"])
    _history(order, actor, OrderEvent.Action.SUBMITTED)
    return order


def _require_director(order: Order, actor) -> None:
    """Only a director of this organisation decides; the view checks too, this is the rule."""
    is_director = Membership.objects.filter(
        organization=order.organization, user=actor, role=Role.DIRECTOR, is_active=True
    ).exists()
    if not is_director:
        raise PermissionDenied(_("Only the director approves orders."))


@transaction.atomic
def order_return(*, order: Order, actor, comment: str) -> Order:
    order = _locked(order)
    _require_director(order, actor)
    if order.status == Order.Status.RETURNED:
        return order
    if order.status != Order.Status.SUBMITTED:
        raise ValidationError(_("Only an order awaiting approval can be returned."))
    if not comment.strip():
        raise ValidationError(_("Say what to change: the comment is what the curator reads."))
    order.status = Order.Status.RETURNED
    order.save(update_fields=["status"])
    _history(order, actor, OrderEvent.Action.RETURNED, comment.strip())
    return order


def _next_number(order: Order, day) -> tuple[int, str]:
    """The next number of the organisation's year, under a row lock: two approvals at the
    same moment wait for each other and get two numbers."""
    scheme, _created = NumberingScheme.objects.select_for_update().get_or_create(
        organization=order.organization, year=day.year
    )
    scheme.last_number += 1
    scheme.save(update_fields=["last_number"])
    return scheme.last_number, scheme.pattern.replace("{n}", str(scheme.last_number))


@transaction.atomic
def order_approve(*, order: Order, actor) -> Order:
    order = _locked(order)
    _require_director(order, actor)
    if order.status == Order.Status.APPROVED:
        return order  # a double click
    if order.status != Order.Status.SUBMITTED:
        raise ValidationError(_("Only an order awaiting approval can be approved."))
    _require_complete(order)  # one submitted before the rule, or whose sessions were deleted since
    today = timezone.localdate()
    order.sequence, order.number = _next_number(order, today)
    order.year, order.date = today.year, today
    order.status = Order.Status.APPROVED
    order.approved_by, order.approved_at = actor, timezone.now()
    # The number and date are part of the text the PDF prints.
    order.save()
    _history(order, actor, OrderEvent.Action.APPROVED)
    _apply_effects(order, actor)
    document_request(subject=order, kind="order", actor=actor)
    return order


def _apply_effects(order: Order, actor) -> None:
    """What an approved order changes in the portal. The roadmap is marked first, so that
    the order, not the pairs' own signal, is the evidence of «pairs approved»."""
    note = f"Приказ № {order.number} от {order.date:%d.%m.%Y} {in_quotes(order.title)}"
    link = order.get_absolute_url()
    events = [f"order:{order.kind}"] + ([Activity.Event.PAIRS_APPROVED] if order.kind == Kind.PAIRS else [])
    for event in events:
        if event in Activity.Event.values:
            roadmap_mark_event(
                organization=order.organization, event=event, note=note, link=link, actor=actor
            )
    if order.kind == Kind.PAIRS:
        for pair in order.pairs.filter(status=Pair.Status.PROPOSED):
            pair_approve(pair=pair, actor=actor)  # refuses a pair without consents: nothing is approved
    if order.cancels_id:
        cancelled = _locked(order.cancels)
        if cancelled.status == Order.Status.APPROVED:
            cancelled.status = Order.Status.CANCELLED
            cancelled.save(update_fields=["status"])
            _history(cancelled, actor, OrderEvent.Action.CANCELLED, str(order))


def order_correct(*, order: Order, actor) -> Order:
    """An approved order is never edited: its correction is a new draft that cancels it."""
    if order.status != Order.Status.APPROVED:
        raise ValidationError(_("Only an approved order is corrected by a new one."))
    correction = order_draft(
        organization=order.organization,
        kind=order.kind,
        actor=actor,
        programme=order.programme,
        pairs=list(order.pairs.all()),
        curator=order.curator,
        roadmap=order.roadmap,
        details=order.details,
        cancels=order,
    )
    correction.title = f"О внесении изменений в приказ № {order.number} от {order.date:%d.%m.%Y}"
    correction.body = order.body
    correction.save(update_fields=["title", "body"])
    return correction
