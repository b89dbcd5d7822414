"""Orders: drafting from the portal's data, the director's approval, numbering, effects,
immutability and corrections."""

import threading
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.orders import services
from apps.orders.models import NumberingScheme, Order, OrderEvent, OrderTemplate
from apps.pairs.models import Pair, Programme, TrainingSession
from apps.roadmap.models import Activity
from apps.roadmap.selectors import current_academic_year
from apps.roadmap.services import roadmap_create
from apps.roadmap.template_library import get_template
from tests.factories import ConsentFactory, ProgrammeFactory


def _submitted(tenant, kind="implement_model", **kwargs):
    order = services.order_draft(organization=tenant.organization, kind=kind, actor=tenant.curator, **kwargs)
    return services.order_submit(order=order, actor=tenant.curator)


def _consent_everyone_in(pair):
    for person in [pair.mentor, *[m.mentee for m in pair.members.all()]]:
        ConsentFactory(
            participant=person, given_by="subject", representative_name="", representative_relation=""
        )
        ConsentFactory(participant=person, given_by="representative")


def test_numbers_follow_the_pattern_and_restart_each_year(tenant_a):
    NumberingScheme.objects.create(
        organization=tenant_a.organization,
        year=timezone.localdate().year,
        pattern="{n}/1-ОД",
        last_number=134,
    )
    first = services.order_approve(order=_submitted(tenant_a), actor=tenant_a.director)
    second = services.order_approve(order=_submitted(tenant_a), actor=tenant_a.director)
    assert (first.number, second.number) == ("135/1-ОД", "136/1-ОД")
    assert first.date == timezone.localdate() and first.year == timezone.localdate().year
    # Another organisation counts on its own.
    scheme = NumberingScheme.objects.get(organization=tenant_a.organization)
    assert scheme.last_number == 136


@pytest.mark.usefixtures("pairs_seeded")
def test_the_pairs_order_lists_the_pairs_and_approves_them(tenant_a):
    programme = Programme.objects.get(organization=tenant_a.organization)
    pair = Pair.objects.get(programme=programme)
    _consent_everyone_in(pair)
    roadmap = roadmap_create(
        owner=tenant_a.organization,
        year=current_academic_year(),
        data=get_template("lyceum7"),
        source="template",
    )
    order = services.order_draft(
        organization=tenant_a.organization, kind="pairs", actor=tenant_a.curator, programme=programme
    )
    assert list(order.pairs.all()) == [pair]
    assert pair.mentor.full_name in order.body
    assert pair.members.first().mentee.full_name in order.body
    services.order_submit(order=order, actor=tenant_a.curator)
    order = services.order_approve(order=order, actor=tenant_a.director)
    pair.refresh_from_db()
    assert pair.status == Pair.Status.APPROVED
    done = roadmap.activities.get(event="pairs_approved")
    assert done.status == Activity.Status.DONE
    assert done.evidence_link == order.get_absolute_url()
    assert order.number in done.evidence_note


@pytest.mark.usefixtures("pairs_seeded")
def test_a_pair_without_consents_stops_the_approval_and_uses_no_number(tenant_a):
    programme = Programme.objects.get(organization=tenant_a.organization)
    order = _submitted(tenant_a, kind="pairs", programme=programme)
    pair = Pair.objects.get(programme=programme)
    pair.mentor.consents.all().delete()
    with pytest.raises(ValidationError):
        services.order_approve(order=order, actor=tenant_a.director)
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED and order.number == ""
    assert not NumberingScheme.objects.filter(organization=tenant_a.organization, last_number__gt=0).exists()


def test_only_a_director_of_the_organisation_decides(tenant_a, tenant_b):
    order = _submitted(tenant_a)
    with pytest.raises(PermissionDenied):
        services.order_approve(order=order, actor=tenant_a.curator)
    with pytest.raises(PermissionDenied):
        services.order_approve(order=order, actor=tenant_b.director)
    with pytest.raises(PermissionDenied):
        services.order_return(order=order, actor=tenant_a.curator, comment="Нет")
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED


def test_returned_with_a_comment_fixed_and_resubmitted(tenant_a):
    order = _submitted(tenant_a)
    with pytest.raises(ValidationError):
        services.order_return(order=order, actor=tenant_a.director, comment="  ")
    services.order_return(order=order, actor=tenant_a.director, comment="Уточните сроки в пункте 2.")
    order = services.order_update(
        order=order, actor=tenant_a.curator, title=order.title, body="<p>Новый текст</p>"
    )
    services.order_submit(order=order, actor=tenant_a.curator)
    order = services.order_approve(order=order, actor=tenant_a.director)
    history = list(order.events.values_list("action", "comment"))
    assert history == [
        ("created", ""),
        ("submitted", ""),
        ("returned", "Уточните сроки в пункте 2."),
        ("edited", ""),
        ("submitted", ""),
        ("approved", ""),
    ]


def test_double_submit_and_double_approve_do_nothing_twice(tenant_a):
    order = _submitted(tenant_a)
    services.order_submit(order=order, actor=tenant_a.curator)
    first = services.order_approve(order=order, actor=tenant_a.director)
    again = services.order_approve(order=order, actor=tenant_a.director)
    assert first.number == again.number
    assert OrderEvent.objects.filter(order=order, action="approved").count() == 1
    assert OrderEvent.objects.filter(order=order, action="submitted").count() == 1


def test_an_approved_order_is_immutable_and_corrected_by_a_new_one(tenant_a):
    order = services.order_approve(order=_submitted(tenant_a), actor=tenant_a.director)
    with pytest.raises(ValidationError):
        services.order_update(order=order, actor=tenant_a.curator, title="Другое", body="<p>x</p>")
    with pytest.raises(ValidationError):
        services.order_submit(order=order, actor=tenant_a.curator)
    correction = services.order_correct(order=order, actor=tenant_a.curator)
    assert correction.cancels == order and correction.status == Order.Status.DRAFT
    assert order.number in correction.title
    services.order_submit(order=correction, actor=tenant_a.curator)
    services.order_approve(order=correction, actor=tenant_a.director)
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    assert order.body and order.number  # the cancelled order keeps its text and number


def test_an_order_that_fulfils_a_roadmap_activity_marks_it_done(tenant_a):
    roadmap = roadmap_create(
        owner=tenant_a.organization,
        year=current_academic_year(),
        data=get_template("lyceum7"),
        source="template",
    )
    activity = roadmap.activities.get(event="order:mentor_school")
    programme = ProgrammeFactory(organization=tenant_a.organization)
    TrainingSession.objects.create(programme=programme, held_on=date(2026, 10, 1), topic="Роль наставника")
    order = services.order_approve(
        order=_submitted(tenant_a, kind="mentor_school", programme=programme), actor=tenant_a.director
    )
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE and activity.evidence_link == order.get_absolute_url()


def test_the_organisations_own_wording_is_used_and_sandboxed(tenant_a):
    OrderTemplate.objects.create(
        organization=tenant_a.organization,
        kind="curator",
        title="О куратором",
        body="<p>Назначить {{ curator.full_name }} ({{ curator.position }}).</p><script>alert(1)</script>",
    )
    order = services.order_draft(
        organization=tenant_a.organization,
        kind="curator",
        actor=tenant_a.curator,
        curator=tenant_a.curator,
        details={"curator_position": "заместитель директора"},
    )
    assert f"Назначить {tenant_a.curator.full_name} (заместитель директора)." in order.body
    assert "<script" not in order.body
    for broken in ("{% load static %}", '{% include "base.html" %}', "{% if %}"):
        with pytest.raises(ValidationError):
            services.render_body(broken, {})


def test_edited_text_is_cleaned(tenant_a):
    order = services.order_draft(
        organization=tenant_a.organization, kind="regulation", actor=tenant_a.curator
    )
    order = services.order_update(
        order=order,
        actor=tenant_a.curator,
        title="Об утверждении положения",
        body='<p onclick="x()">Утвердить</p><img src="file:///etc/passwd"><a href="http://x">ссылка</a>',
    )
    assert order.body == "<p>Утвердить</p>ссылка"


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_the_same_moment_get_two_numbers(tenant_a):
    orders = [_submitted(tenant_a) for _ in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def approve(order):
        try:
            with scopes_disabled():
                barrier.wait(timeout=10)
                services.order_approve(order=order, actor=tenant_a.director)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    numbers = sorted(Order.objects.filter(pk__in=[o.pk for o in orders]).values_list("sequence", flat=True))
    assert numbers == [1, 2]


def test_views_walk_the_workflow(client, tenant_a):
    client.force_login(tenant_a.curator)
    create = reverse("orders:create", kwargs={"org_slug": tenant_a.organization.slug})
    response = client.post(
        create, {"kind": "final_event", "event_date": "25.05.2027", "event_place": "актовый зал"}
    )
    order = Order.objects.get(organization=tenant_a.organization)
    assert response.url == order.get_absolute_url()
    assert "25.05.2027" in order.body and "актовый зал" in order.body
    action = lambda name: reverse(  # noqa: E731
        "orders:action", kwargs={"org_slug": tenant_a.organization.slug, "order_id": order.pk, "action": name}
    )
    client.post(action("submit"))
    client.post(action("approve"))  # the curator cannot: nothing happens
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED
    client.force_login(tenant_a.director)
    inbox = client.get(reverse("orders:list", kwargs={"org_slug": tenant_a.organization.slug}))
    assert [o.pk for o in inbox.context["orders"]] == [order.pk]
    client.post(action("return"), {"comment": "Укажите время начала."})
    client.force_login(tenant_a.curator)
    page = client.get(order.get_absolute_url())
    assert "Укажите время начала." in page.content.decode()
    client.post(action("submit"))
    client.force_login(tenant_a.director)
    client.post(action("approve"))
    order.refresh_from_db()
    assert order.status == Order.Status.APPROVED and order.number == "1-ОД"
    assert order.date == timezone.localdate()


def test_orders_that_need_a_responsible_name_the_organisations_curator(tenant_a):
    roadmap = roadmap_create(
        owner=tenant_a.organization, year=2026, data=get_template("lyceum7"), source="template"
    )
    order = services.order_draft(
        organization=tenant_a.organization, kind="roadmap", actor=tenant_a.curator, roadmap=roadmap
    )
    assert tenant_a.curator.short_name in order.body
    assert roadmap.title in order.body


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ru", "Приказ передан директору на утверждение."),
        ("en", "The order is sent to the director for approval."),
    ],
)
def test_an_actions_message_speaks_the_users_language(client, tenant_a, language, message):
    order = services.order_draft(
        organization=tenant_a.organization, kind="implement_model", actor=tenant_a.curator
    )
    client.force_login(tenant_a.curator)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    url = reverse(
        "orders:action",
        kwargs={"org_slug": tenant_a.organization.slug, "order_id": order.pk, "action": "submit"},
    )
    page = client.post(url, follow=True)
    assert message in [str(m) for m in page.context["messages"]]
