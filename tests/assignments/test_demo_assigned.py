"""The demo committee (seed 002) assigns 1.2, 1.3 and 3.1 to its organisations: some done,
some overdue, some not started; loading again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from apps.assignments.models import AssignedItem
from apps.demo.assignments import load_demo_assigned
from apps.demo.organizations import ORGANIZATIONS
from apps.organizations.models import Municipality, Organization

from .. import demo_world
from ..module_scope import built_for_module


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded_once(django_db_setup, django_db_blocker):
    yield from built_for_module(django_db_blocker, demo_world.load_demo)


@pytest.fixture
def output(loaded_once, db):
    return loaded_once


def test_the_committee_assigns_its_items_to_every_demo_organisation(output):
    items = list(AssignedItem.objects.select_related("activity", "organization"))
    assert {item.activity.number for item in items} == {"1.2.", "1.3.", "3.1."}
    assert len(items) == 3 * len(ORGANIZATIONS)
    states = {item.state() for item in items}
    assert states == {AssignedItem.DONE, AssignedItem.OVERDUE, AssignedItem.NOT_STARTED}
    orders = [item for item in items if item.activity.number == "1.2." and item.done_on]
    assert orders and all(item.order_id and item.evidence_number and item.evidence_date for item in orders)
    assert "items assigned:" in output


def test_loading_again_changes_nothing(output):
    municipality = Municipality.objects.get(slug="kalachinsk")
    organizations = list(Organization.objects.filter(slug__in=[spec.slug for spec in ORGANIZATIONS]))
    before = list(AssignedItem.objects.order_by("pk").values_list("pk", "done_on", "due_on"))
    assert "already there" in load_demo_assigned(municipality=municipality, organizations=organizations)
    assert list(AssignedItem.objects.order_by("pk").values_list("pk", "done_on", "due_on")) == before
