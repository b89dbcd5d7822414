"""Demo orders: each demo organisation has orders in every state. Running it twice changes nothing."""

from django.utils import timezone

from apps.orders import services
from apps.orders.models import NumberingScheme, Order
from apps.organizations.models import Membership
from apps.organizations.roles import Role
from apps.pairs.models import Programme
from apps.roadmap.models import Roadmap

# The numbering the seed shows (000: «Приказ №135/1 – ОД»); others start their register at 1.
DEMO_NUMBERING = {"licey-7": ("{n}/1-ОД", 134)}


def load_demo_orders(*, organization) -> str:
    if Order.objects.filter(organization=organization).exists():
        return f"{Order.objects.filter(organization=organization).count()} orders (already there)"
    if organization.slug in DEMO_NUMBERING:
        pattern, last_number = DEMO_NUMBERING[organization.slug]
        NumberingScheme.objects.get_or_create(
            organization=organization,
            year=timezone.localdate().year,
            defaults={"pattern": pattern, "last_number": last_number},
        )
    members = Membership.objects.filter(organization=organization, is_active=True).select_related("user")
    director = next(m.user for m in members if m.role == Role.DIRECTOR)
    curator = next(m.user for m in members if m.role == Role.CURATOR)

    def draft(kind, **kwargs):
        return services.order_draft(organization=organization, kind=kind, actor=curator, **kwargs)

    def approved(order):
        services.order_submit(order=order, actor=curator)
        return services.order_approve(order=order, actor=director)

    implement = approved(draft("implement_model"))
    approved(draft("curator", curator=curator, details={"curator_position": "заместитель директора по УВР"}))
    # Corrected: the first regulation order is cancelled by the second.
    regulation = approved(draft("regulation"))
    approved(services.order_correct(order=regulation, actor=curator))
    roadmap = Roadmap.objects.filter(organization=organization).order_by("-academic_year").first()
    services.order_submit(order=draft("roadmap", roadmap=roadmap), actor=curator)
    final_event = draft("final_event", details={"event_date": "25.05.2027", "event_place": "актовый зал"})
    services.order_return(
        order=services.order_submit(order=final_event, actor=curator),
        actor=director,
        comment="Укажите время начала и кто ведёт итоговое мероприятие.",
    )
    # «Школа наставников» without sessions yet: a draft that says what it lacks (it cannot be
    # submitted with an empty schedule).
    draft(
        "mentor_school", programme=Programme.objects.filter(organization=organization).order_by("pk").first()
    )
    return f"{Order.objects.filter(organization=organization).count()} orders, the first № {implement.number}"
