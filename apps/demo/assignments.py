"""Demo items of the committee's roadmap assigned to its organisations (issue #19): the
committee of seed 002 asks each demo organisation for 1.2 (the order on implementing ЦМН,
«до 16 ноября»), 1.3 (agreements with partners) and 3.1 (the section «Наставничество» on the
website). Those with an approved order on implementing the model close 1.2 with it; two
close 1.3 with an agreement with their demo partner; one publishes its section. The rest stay
open: 1.2 and 1.3 overdue, 3.1 not started yet, so the committee's page shows all three states.

Deadlines are the seed's (moved to the year) when they suit the states shown: an overdue item
needs a past date, a not-started one a future date; otherwise a date a week from today.
Idempotent: when the committee has assigned anything already, nothing is done again.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from apps.assignments.models import AssignedItem
from apps.assignments.services import item_close, items_assign
from apps.orders.models import Order
from apps.organizations.models import Membership
from apps.organizations.roles import Role
from apps.participants.models import PartnerOrganization
from apps.roadmap.selectors import covering, current_academic_year, owner_roadmaps

ORDER_ITEM, AGREEMENT_ITEM, SITE_ITEM = "1.2.", "1.3.", "3.1."
NOTE = {
    ORDER_ITEM: "Издать приказ о внедрении целевой модели наставничества и представить его реквизиты.",
    AGREEMENT_ITEM: "Заключить соглашения с организациями-партнёрами и указать их реквизиты.",
    SITE_ITEM: "Создать на официальном сайте раздел «Наставничество» и прислать ссылку.",
}
AGREEMENT_SLUGS = ("licey-7", "valuyskiy-kolledzh")
SITE_SLUGS = ("licey-7",)


def load_demo_assigned(*, municipality, organizations, today: date | None = None) -> str:
    today = today or timezone.localdate()
    roadmap = covering(owner_roadmaps(municipality), current_academic_year(today)).first()
    if roadmap is None:
        return "no committee roadmap: nothing assigned"
    items = AssignedItem.objects.filter(activity__roadmap=roadmap)
    if items.exists():
        return f"{_summary(items, today)} (already there)"
    with transaction.atomic():
        for number in (ORDER_ITEM, AGREEMENT_ITEM, SITE_ITEM):
            activity = roadmap.activities.filter(number=number).first()
            if activity is None:
                continue
            assigned = items_assign(
                municipality=municipality,
                activity=activity,
                organizations=organizations,
                due_on=_deadline(activity.due_on, today, open_in_future=number == SITE_ITEM),
                note=NOTE[number],
                actor=None,
            )
            for item in assigned:
                _close(item, number, today)
    return _summary(items, today)


def _deadline(seed_date: date | None, today: date, *, open_in_future: bool) -> date:
    if open_in_future:
        return seed_date if seed_date and seed_date > today else today + timedelta(days=14)
    return seed_date if seed_date and seed_date < today else today - timedelta(days=7)


def _close(item: AssignedItem, number: str, today: date) -> None:
    organization = item.organization
    curator = Membership.objects.filter(organization=organization, role=Role.CURATOR, is_active=True).first()
    actor = curator.user if curator else None
    done_on = min(item.due_on, today)
    if number == ORDER_ITEM:
        order = (
            Order.objects.filter(
                organization=organization, kind="implement_model", status=Order.Status.APPROVED
            )
            .order_by("date")
            .first()
        )
        if order is not None:
            item_close(item=item, actor=actor, evidence_kind="order", order=order, done_on=done_on)
    elif number == AGREEMENT_ITEM and organization.slug in AGREEMENT_SLUGS:
        partner = PartnerOrganization.objects.filter(organization=organization).order_by("pk").first()
        if partner is not None:
            item_close(
                item=item,
                actor=actor,
                evidence_kind="agreement",
                title=f"Соглашение о сотрудничестве в реализации программ наставничества с {partner.name}",
                number="2",
                evidence_date=done_on - timedelta(days=3),
                done_on=done_on,
            )
    elif number == SITE_ITEM and organization.slug in SITE_SLUGS:
        site = (organization.website or f"https://{organization.slug}.example.ru").rstrip("/")
        item_close(
            item=item,
            actor=actor,
            evidence_kind="publication",
            title="Раздел «Наставничество» на официальном сайте",
            url=f"{site}/nastavnichestvo/",
            evidence_date=done_on,
            done_on=done_on,
        )


def _summary(items, today) -> str:
    states = [item.state(today) for item in items]
    return (
        f"{len(states)} items assigned: {states.count(AssignedItem.DONE)} done, "
        f"{states.count(AssignedItem.OVERDUE)} overdue, {states.count(AssignedItem.NOT_STARTED)} not started"
    )
