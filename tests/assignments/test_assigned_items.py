"""Items of the committee's roadmap assigned to its organisations (issue #19): the committee
assigns, the organisation sees and closes with evidence, the committee reads the state and the
evidence's title, number and date, never a file."""

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from apps.assignments import services
from apps.assignments.models import AssignedItem
from apps.audit.models import AuditEntry
from apps.orders import services as order_services
from apps.roadmap import services as roadmap_services
from apps.roadmap.selectors import current_academic_year
from apps.roadmap.template_library import get_template

from ..conftest import make_tenant, seed_orders


@pytest.fixture
def committee_roadmap(tenant_a):
    return roadmap_services.roadmap_create(
        owner=tenant_a.organization.municipality,
        year=current_academic_year(),
        data=get_template("kalachinsk"),
        source="template",
    )


@pytest.fixture
def neighbour(tenant_a):
    """A second organisation of A's municipality."""
    return make_tenant(municipality=tenant_a.organization.municipality, surname_prefix="Соседов")


def _activity(roadmap, number):
    return roadmap.activities.get(number=number)


def _committee_url(tenant, name, **kwargs):
    return reverse(name, kwargs={"municipality_slug": tenant.organization.municipality.slug, **kwargs})


def _org_url(tenant, name, **kwargs):
    return reverse(name, kwargs={"org_slug": tenant.organization.slug, **kwargs})


def test_the_committee_assigns_an_item_to_its_organisations(
    client, tenant_a, neighbour, committee_user, committee_roadmap
):
    activity = _activity(committee_roadmap, "1.2.")
    client.force_login(committee_user)
    due = date(current_academic_year(), 11, 16)
    data = {
        "activity": activity.pk,
        "organizations": [tenant_a.organization.pk, neighbour.organization.pk],
        "due_on": due.isoformat(),
        "note": "Приказ о внедрении ЦМН",
        "form_token": "assign-token-000000001",
    }
    first = client.post(_committee_url(tenant_a, "committee_assigned:assign"), data)
    again = client.post(_committee_url(tenant_a, "committee_assigned:assign"), data)  # a double click

    assert first.status_code == again.status_code == 302
    items = AssignedItem.objects.filter(activity=activity)
    assert {item.organization_id for item in items} == {tenant_a.organization.pk, neighbour.organization.pk}
    assert {item.due_on for item in items} == {due}
    assert AuditEntry.objects.filter(action="assigned_item.assigned").count() == 2


def test_an_empty_deadline_takes_the_activitys_own(client, tenant_a, committee_user, committee_roadmap):
    activity = _activity(committee_roadmap, "3.1.")
    client.force_login(committee_user)
    client.post(
        _committee_url(tenant_a, "committee_assigned:assign"),
        {"activity": activity.pk, "organizations": [tenant_a.organization.pk], "due_on": ""},
    )
    assert AssignedItem.objects.get(activity=activity).due_on == activity.due_on


def test_bad_input_is_refused_with_a_message_and_nothing_typed_is_lost(
    client, tenant_a, committee_user, committee_roadmap
):
    client.force_login(committee_user)
    activity = _activity(committee_roadmap, "1.2.")
    response = client.post(
        _committee_url(tenant_a, "committee_assigned:assign"),
        {"activity": activity.pk, "organizations": [], "due_on": "2027-03-01", "note": "Приказ о ЦМН"},
    )
    assert response.status_code == 200
    assert not AssignedItem.objects.exists()
    page = response.content.decode()
    assert "Выберите хотя бы одну организацию." in page
    assert f'<option value="{activity.pk}" selected>' in page
    assert 'value="2027-03-01"' in page and "Приказ о ЦМН</textarea>" in page


def test_a_deadline_already_passed_is_assigned_with_a_warning(
    client, tenant_a, committee_user, committee_roadmap
):
    client.force_login(committee_user)
    response = client.post(
        _committee_url(tenant_a, "committee_assigned:assign"),
        {
            "activity": _activity(committee_roadmap, "1.2.").pk,
            "organizations": [tenant_a.organization.pk],
            "due_on": "2025-01-15",
        },
        follow=True,
    )
    assert AssignedItem.objects.get().due_on == date(2025, 1, 15)
    assert "Срок уже прошёл" in response.content.decode()


def test_every_organisation_at_once(client, tenant_a, neighbour, committee_user, committee_roadmap):
    client.force_login(committee_user)
    client.post(
        _committee_url(tenant_a, "committee_assigned:assign"),
        {"activity": _activity(committee_roadmap, "1.2.").pk, "everyone": "on", "due_on": "2026-11-16"},
    )
    assert set(AssignedItem.objects.values_list("organization", flat=True)) == {
        tenant_a.organization.pk,
        neighbour.organization.pk,
    }


def test_only_the_committees_own_activity_and_organisations(tenant_a, tenant_b, committee_roadmap):
    municipality = tenant_a.organization.municipality
    organisation_roadmap = roadmap_services.roadmap_create(
        owner=tenant_a.organization,
        year=current_academic_year(),
        data=get_template("lyceum7"),
        source="template",
    )
    with pytest.raises(ValidationError):
        services.items_assign(
            municipality=municipality,
            activity=organisation_roadmap.activities.first(),
            organizations=[tenant_a.organization],
            due_on=date(2026, 11, 16),
            actor=None,
        )
    with pytest.raises(ValidationError):
        services.items_assign(
            municipality=municipality,
            activity=_activity(committee_roadmap, "1.2."),
            organizations=[tenant_b.organization],  # another municipality's
            due_on=date(2026, 11, 16),
            actor=None,
        )
    assert not AssignedItem.objects.exists()


def _assign(tenant, roadmap, number="1.2.", due_on=None):
    (item,) = services.items_assign(
        municipality=tenant.organization.municipality,
        activity=_activity(roadmap, number),
        organizations=[tenant.organization],
        due_on=due_on or timezone.localdate() + timedelta(days=10),
        actor=None,
    )
    return item


def test_the_organisation_sees_its_open_items_on_its_home_page(client, tenant_a, committee_roadmap):
    _assign(tenant_a, committee_roadmap, "1.2.")
    _assign(tenant_a, committee_roadmap, "3.1.", due_on=timezone.localdate() - timedelta(days=1))
    client.force_login(tenant_a.curator)
    home = client.get(_org_url(tenant_a, "organizations:home")).content.decode()
    assert "Разработка и утверждение распорядительных актов" in home
    assert "Создание специальных рубрик" in home
    overdue = re.search(
        r'<li class="[^"]*list-group-item-danger[^"]*" data-testid="committee-item">(.*?)</li>', home, re.S
    )
    assert overdue and "Создание специальных рубрик" in overdue.group(1)  # the overdue one in red


def test_a_mentor_sees_no_committee_items(client, tenant_a, committee_roadmap):
    _assign(tenant_a, committee_roadmap)
    client.force_login(tenant_a.mentor)
    home = client.get(_org_url(tenant_a, "organizations:home")).content.decode()
    assert "Разработка и утверждение распорядительных актов" not in home


def test_closing_with_an_approved_order_copies_its_title_number_and_date(
    client, tenant_a, committee_user, committee_roadmap
):
    item = _assign(tenant_a, committee_roadmap)
    order = seed_orders(tenant_a)["approved"]
    order.refresh_from_db()  # its number and date, set at approval
    client.force_login(tenant_a.curator)
    response = client.post(
        _org_url(tenant_a, "assigned:detail", item_id=item.pk),
        {"evidence_kind": "order", "order": order.pk, "done_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state() == AssignedItem.DONE
    assert (item.evidence_title, item.evidence_number, item.evidence_date) == (
        order.title,
        order.number,
        order.date,
    )

    client.force_login(committee_user)
    page = client.get(
        _committee_url(tenant_a, "committee_assigned:activity", activity_id=item.activity_id)
    ).content.decode()
    assert f"№ {order.number}" in page and f"от {order.date:%d.%m.%Y}" in page
    # The organisation's aggregate page for its committee lists the item, done, with the same words.
    aggregate = client.get(
        reverse(
            "committee_monitoring:organization",
            kwargs={
                "municipality_slug": tenant_a.organization.municipality.slug,
                "organization_slug": tenant_a.organization.slug,
            },
        )
    ).content.decode()
    table = aggregate.split('data-testid="assigned-items"')[1].split("</table>")[0]
    assert item.activity.title in table and f"№ {order.number}" in table and "Выполнено" in table


def test_a_draft_order_or_another_organisations_order_does_not_close_it(
    tenant_a, tenant_b, committee_roadmap
):
    item = _assign(tenant_a, committee_roadmap)
    draft = order_services.order_draft(
        organization=tenant_a.organization, kind="regulation", actor=tenant_a.curator
    )
    foreign = seed_orders(tenant_b)["approved"]
    for order in (draft, foreign):
        with pytest.raises(ValidationError):
            services.item_close(item=item, actor=tenant_a.curator, evidence_kind="order", order=order)
    item.refresh_from_db()
    assert item.done_on is None


def test_an_agreement_without_its_date_is_refused_and_nothing_is_lost(client, tenant_a, committee_roadmap):
    item = _assign(tenant_a, committee_roadmap, "1.3.")
    client.force_login(tenant_a.curator)
    response = client.post(
        _org_url(tenant_a, "assigned:detail", item_id=item.pk),
        {"evidence_kind": "agreement", "title": "Соглашение с ООО «Агро»", "number": "7"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Укажите название и дату соглашения." in body
    assert "Соглашение с ООО «Агро»" in body  # what was typed stays in the form
    item.refresh_from_db()
    assert item.done_on is None


def test_the_committee_never_gets_the_evidence_file(client, tenant_a, committee_user, committee_roadmap):
    item = _assign(tenant_a, committee_roadmap, "1.3.")
    services.item_close(
        item=item,
        actor=tenant_a.curator,
        evidence_kind="file",
        title="Соглашение о сотрудничестве",
        file=ContentFile(b"%PDF-1.4 signed", name="agreement.pdf"),
    )
    client.force_login(committee_user)
    page = client.get(
        _committee_url(tenant_a, "committee_assigned:activity", activity_id=item.activity_id)
    ).content.decode()
    assert "Соглашение о сотрудничестве" in page
    assert "/file/" not in page and "agreement.pdf" not in page
    client.force_login(tenant_a.curator)
    download = client.get(_org_url(tenant_a, "assigned:file", item_id=item.pk))
    assert download.status_code == 200
    assert AuditEntry.objects.filter(action="assigned_item.evidence_downloaded").exists()


def test_the_committee_sees_done_overdue_and_not_started(
    client, tenant_a, neighbour, committee_user, committee_roadmap
):
    activity = _activity(committee_roadmap, "3.1.")
    third = make_tenant(municipality=tenant_a.organization.municipality, surname_prefix="Третьев")
    yesterday = timezone.localdate() - timedelta(days=1)
    done, overdue, fresh = services.items_assign(
        municipality=tenant_a.organization.municipality,
        activity=activity,
        organizations=[tenant_a.organization, neighbour.organization, third.organization],
        due_on=yesterday,
        actor=None,
    )
    services.item_close(
        item=done, actor=tenant_a.curator, evidence_kind="publication", url="https://school.example/mentoring"
    )
    fresh.due_on = timezone.localdate() + timedelta(days=5)
    fresh.save()
    client.force_login(committee_user)
    response = client.get(_committee_url(tenant_a, "committee_assigned:list"))
    (row,) = response.context["rows"]
    assert row["counts"] == {"done": 1, "overdue": 1, "not_started": 1, "total": 3}
    page = client.get(_committee_url(tenant_a, "committee_assigned:activity", activity_id=activity.pk))
    assert sorted(item.state for item in page.context["rows"]) == ["done", "not_started", "overdue"]
    assert "https://school.example/mentoring" in page.content.decode()


@pytest.mark.parametrize("organisations", [1, 6])
def test_the_committees_pages_cost_the_same_for_more_organisations(
    client, tenant_a, committee_user, committee_roadmap, django_assert_max_num_queries, organisations
):
    municipality = tenant_a.organization.municipality
    others = [make_tenant(municipality=municipality).organization for _ in range(organisations - 1)]
    for number in ("1.2.", "1.3.", "3.1."):
        services.items_assign(
            municipality=municipality,
            activity=_activity(committee_roadmap, number),
            organizations=[tenant_a.organization, *others],
            due_on=date(2026, 12, 1),
            actor=None,
        )
    client.force_login(committee_user)
    summary = _committee_url(tenant_a, "committee_assigned:list")
    one = _committee_url(
        tenant_a, "committee_assigned:activity", activity_id=_activity(committee_roadmap, "1.3.").pk
    )
    client.get(summary)  # sessions, caches
    with django_assert_max_num_queries(15):
        response = client.get(summary)
    assert len(response.context["rows"]) == 3
    with django_assert_max_num_queries(12):
        response = client.get(one)
    assert len(response.context["rows"]) == organisations


def test_the_committee_withdraws_an_open_item(client, tenant_a, committee_user, committee_roadmap):
    item = _assign(tenant_a, committee_roadmap)
    client.force_login(committee_user)
    client.post(_committee_url(tenant_a, "committee_assigned:withdraw", item_id=item.pk))
    assert not AssignedItem.objects.filter(pk=item.pk).exists()
