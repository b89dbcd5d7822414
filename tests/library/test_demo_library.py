"""The library items that `load_demo` puts into every demo organisation, and the committee's
featured one."""

from io import StringIO

from django.core.management import call_command
from django_scopes import scopes_disabled

from apps.demo.organizations import MUNICIPALITY, ORGANIZATIONS
from apps.library import selectors
from apps.library.models import Item
from apps.organizations.models import Municipality, Organization

from .. import demo_world


def test_every_demo_organisation_shares_a_memo_a_programme_and_a_case(db):
    demo_world.load_demo()
    with scopes_disabled():
        for spec in ORGANIZATIONS:
            organization = Organization.objects.get(slug=spec.slug)
            items = Item.objects.filter(organization=organization)
            assert set(items.values_list("kind", flat=True)) == {"material", "case", "programme"}, spec.slug
            assert items.filter(visibility="organization").exists(), spec.slug
            case = items.get(kind="case")
            assert case.anonymised and case.pair_id and case.is_shared, spec.slug
            published = selectors.public_items(organization)
            assert {item.kind for item in published} == {"material", "case"}, spec.slug
        municipality = Municipality.objects.get(slug=MUNICIPALITY["slug"])
        shared = selectors.search_items(municipality)
        assert len(shared) == 3 * len(ORGANIZATIONS)
        assert shared[0].featured and shared[0].kind == "programme"
        assert sum(item.featured for item in shared) == 1
        # «наставника» finds the memo «…наставнику…» of every organisation.
        memos = selectors.search_items(municipality, words="наставника", kind="material")
        assert len(memos) == len(ORGANIZATIONS)
        count = Item.objects.count()
    call_command("load_demo", stdout=StringIO())
    with scopes_disabled():
        assert Item.objects.count() == count
