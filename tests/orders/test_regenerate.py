"""Writing a draft again asks what it is about (the programme, its pairs, the sessions of
«Школа наставников»); an order whose required data is empty cannot be submitted or approved,
and the pages say what is missing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.orders import services
from apps.orders.models import Order
from apps.pairs.models import Pair, Programme, TrainingSession
from tests.factories import ProgrammeFactory


def _url(order, name="orders:regenerate"):
    return reverse(name, kwargs={"org_slug": order.organization.slug, "order_id": order.pk})


def _school_order(tenant, programme=None):
    return services.order_draft(
        organization=tenant.organization, kind="mentor_school", actor=tenant.curator, programme=programme
    )


def test_an_empty_schedule_cannot_be_submitted_and_the_page_says_why(client, tenant_a):
    programme = ProgrammeFactory(organization=tenant_a.organization)
    order = _school_order(tenant_a, programme)
    with pytest.raises(ValidationError) as refusal:
        services.order_submit(order=order, actor=tenant_a.curator)
    assert "План-график «Школы наставников» пуст" in " ".join(refusal.value.messages)
    order.refresh_from_db()
    assert order.status == Order.Status.DRAFT

    client.force_login(tenant_a.curator)
    page = client.get(order.get_absolute_url()).content.decode()
    assert 'data-testid="order-missing"' in page
    assert "План-график «Школы наставников» пуст" in page
    assert 'data-testid="order-submit" disabled' in page
    # The view refuses too (a form posted from an old page): the message names what is missing.
    response = client.post(_url(order, "orders:detail") + "do/submit/", follow=True)
    assert "План-график «Школы наставников» пуст" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.DRAFT


def test_without_a_programme_the_school_and_pairs_orders_say_so(tenant_a):
    for kind in ("mentor_school", "pairs"):
        order = services.order_draft(organization=tenant_a.organization, kind=kind, actor=tenant_a.curator)
        missing = services.order_missing_data(order)
        assert "Не выбрана программа." in missing, kind
    pairs_order = Order.objects.get(organization=tenant_a.organization, kind="pairs")
    assert any("Не указаны пары" in sentence for sentence in services.order_missing_data(pairs_order))


def test_an_order_submitted_empty_before_the_rule_is_not_approved(tenant_a):
    order = _school_order(tenant_a)
    Order.objects.filter(pk=order.pk).update(status=Order.Status.SUBMITTED)  # as before the rule
    with pytest.raises(ValidationError):
        services.order_approve(order=order, actor=tenant_a.director)
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED and order.number == ""


def test_regenerating_asks_for_the_programme_and_sessions(client, tenant_a):
    empty = ProgrammeFactory(organization=tenant_a.organization, title="Пустая")
    programme = ProgrammeFactory(organization=tenant_a.organization, title="Шаг в науку")
    first = TrainingSession.objects.create(
        programme=programme, held_on=date(2026, 10, 1), topic="Роль наставника"
    )
    second = TrainingSession.objects.create(
        programme=programme, held_on=date(2026, 10, 8), topic="Обратная связь"
    )
    other = TrainingSession.objects.create(programme=empty, held_on=date(2026, 10, 2), topic="Чужое занятие")
    order = _school_order(tenant_a, empty)
    other.delete()
    client.force_login(tenant_a.curator)

    page = client.get(_url(order)).content.decode()
    assert 'name="programme"' in page and 'name="sessions"' in page
    assert "План-график «Школы наставников» пуст" in page

    # A session of another programme is refused by name; nothing changes.
    refused = client.post(_url(order), {"programme": programme.pk, "sessions": [first.pk, 999999]})
    assert refused.status_code == 200
    order.refresh_from_db()
    assert order.programme == empty

    response = client.post(_url(order), {"programme": programme.pk, "sessions": [second.pk]})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.programme == programme and order.details["sessions"] == [second.pk]
    assert "Обратная связь" in order.body and "Роль наставника" not in order.body
    assert services.order_missing_data(order) == []
    services.order_submit(order=order, actor=tenant_a.curator)


def test_a_session_of_another_programme_is_refused(client, tenant_a):
    one = ProgrammeFactory(organization=tenant_a.organization, title="Первая")
    two = ProgrammeFactory(organization=tenant_a.organization, title="Вторая")
    foreign = TrainingSession.objects.create(programme=two, held_on=date(2026, 10, 1), topic="Чужое")
    order = _school_order(tenant_a, one)
    client.force_login(tenant_a.curator)
    response = client.post(_url(order), {"programme": one.pk, "sessions": [foreign.pk]})
    assert response.status_code == 200
    assert "Выберите только относящиеся к программе «Первая»" in response.content.decode()
    order.refresh_from_db()
    assert "sessions" not in order.details


@pytest.mark.usefixtures("pairs_seeded")
def test_regenerating_the_pairs_order_lists_the_pairs_chosen(client, tenant_a):
    programme = Programme.objects.get(organization=tenant_a.organization)
    pair = Pair.objects.get(programme=programme)
    order = services.order_draft(
        organization=tenant_a.organization, kind="pairs", actor=tenant_a.curator, programme=programme
    )
    client.force_login(tenant_a.curator)
    assert pair.mentor.short_name in client.get(_url(order)).content.decode()

    client.post(_url(order), {"programme": programme.pk})  # every pair unticked
    order.refresh_from_db()
    assert not order.pairs.exists() and pair.mentor.full_name not in order.body
    assert any("Не указаны пары" in sentence for sentence in services.order_missing_data(order))
    with pytest.raises(ValidationError):
        services.order_submit(order=order, actor=tenant_a.curator)

    client.post(_url(order), {"programme": programme.pk, "pairs": [pair.pk]})
    order.refresh_from_db()
    assert list(order.pairs.all()) == [pair] and pair.mentor.full_name in order.body
    assert services.order_missing_data(order) == []


def test_a_submitted_order_is_not_written_again(client, tenant_a):
    order = services.order_draft(
        organization=tenant_a.organization, kind="regulation", actor=tenant_a.curator
    )
    services.order_submit(order=order, actor=tenant_a.curator)
    client.force_login(tenant_a.curator)
    response = client.post(_url(order), {})
    assert response.status_code == 302 and response.url == order.get_absolute_url()
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED


def test_the_regenerate_page_costs_the_same_for_many_pairs(client, tenant_a, django_assert_max_num_queries):
    from tests.factories import ParticipantFactory

    programme = ProgrammeFactory(organization=tenant_a.organization)
    order = services.order_draft(
        organization=tenant_a.organization, kind="pairs", actor=tenant_a.curator, programme=programme
    )
    for _index in range(30):
        pair = Pair.objects.create(
            programme=programme,
            mentor=ParticipantFactory(organization=tenant_a.organization, programme_role="mentor"),
        )
        pair.members.create(mentee=ParticipantFactory(organization=tenant_a.organization))
    client.force_login(tenant_a.curator)
    client.get(_url(order))
    with django_assert_max_num_queries(20):
        response = client.get(_url(order))
    assert response.content.decode().count('name="pairs"') == 30
