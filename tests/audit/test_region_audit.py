"""The regional centre's audit trail (/r/<region_slug>/audit/): its own changes to the
region's monitoring forms, in the organisation's page shape; never a committee's or an
organisation's entry, never another region's."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from apps.audit.models import AuditEntry
from apps.regional import services
from tests.factories import CommitteeMembershipFactory, RegionFactory, RegionMembershipFactory, UserFactory


@pytest.fixture
def region(tenant_a):
    region = RegionFactory(name="Омская область", slug="omsk-audit")
    municipality = tenant_a.organization.municipality
    municipality.parent_region = region
    municipality.save()
    return region


@pytest.fixture
def region_user(region):
    return RegionMembershipFactory(region=region, user=UserFactory(last_name="Регионова")).user


def _edit_an_indicator(client, region, indicator_set):
    indicator = indicator_set.indicators.get(code="2")
    url = reverse("region:indicator_edit", args=[region.slug, indicator_set.pk, indicator.pk])
    values = {
        "code": "2",
        "label": "Доля наставников-обучающихся",
        "formula": "100 * student_mentors / students",
        "unit": "percent",
        "period": "quarter",
        "target": "15",
    }
    assert client.post(url, values).status_code == 302


def test_the_region_sees_its_own_changes_in_words(client, region, region_user):
    client.force_login(region_user)
    client.post(reverse("region:set_create_default", args=[region.slug]))
    indicator_set = region.indicator_sets.get()
    _edit_an_indicator(client, region, indicator_set)
    export = reverse("region:form_export", args=[region.slug, indicator_set.pk]) + "?period=2026/27"
    assert client.get(export).status_code == 200

    page = client.get(reverse("region_audit:log", args=[region.slug]))
    assert page.status_code == 200
    entries = list(page.context["page"])
    assert [e.action for e in entries] == [
        "regional.form_exported",
        "regional.indicator_changed",
        "regional.set_created",
    ]
    assert {e.region_id for e in entries} == {region.pk}
    html = page.content.decode()
    assert "Показатель формы региона изменён" in html
    assert "Форма мониторинга региона выгружена в Excel" in html
    assert "Регионова" in html  # who did it: the centre's own member
    assert "2026/27" in html


def test_the_region_sees_neither_its_committees_nor_its_organisations_entries(
    client, region, region_user, tenant_a, committee_user
):
    indicator_set = services.indicator_set_create_default(region=region, actor=region_user)
    municipality = tenant_a.organization.municipality
    # The committee's note to the region's form is the municipality's entry, not the region's.
    client.force_login(committee_user)
    url = reverse("committee_regional:form", args=[municipality.slug, indicator_set.pk]) + "?period=2026"
    assert client.post(url, {"note": "Справка комитета", "save": "1"}).status_code == 302
    with scopes_disabled():
        assert AuditEntry.objects.filter(action="regional.note_saved", municipality=municipality).exists()
        assert AuditEntry.objects.filter(organization=tenant_a.organization).exists()

    client.force_login(region_user)
    entries = list(client.get(reverse("region_audit:log", args=[region.slug])).context["page"])
    assert [e.action for e in entries] == ["regional.set_created"]
    assert all(e.organization_id is None and e.municipality_id is None for e in entries)


def test_another_regions_member_and_the_committee_get_404(
    client, region, region_user, committee_user, tenant_a
):
    services.indicator_set_create_default(region=region, actor=region_user)
    url = reverse("region_audit:log", args=[region.slug])
    assert client.get(url).status_code == 302  # to the sign-in
    other_region = RegionFactory(slug="udmurtia-audit")
    other = RegionMembershipFactory(region=other_region).user
    services.indicator_set_create_default(region=other_region, actor=other)
    for person in (other, committee_user, tenant_a.director):
        client.force_login(person)
        assert client.get(url).status_code == 404
    # The other region's own page shows its own entry, none of this one's.
    client.force_login(other)
    entries = list(client.get(reverse("region_audit:log", args=[other_region.slug])).context["page"])
    assert [(e.action, e.region_id) for e in entries] == [("regional.set_created", other_region.pk)]


def test_a_committees_member_who_is_also_in_the_centre_sees_only_the_regions_entries_there(
    client, region, region_user, tenant_a
):
    """Both workplaces, one person: the region's page holds the region's entries only."""
    CommitteeMembershipFactory(municipality=tenant_a.organization.municipality, user=region_user)
    services.indicator_set_create_default(region=region, actor=region_user)
    client.force_login(region_user)
    entries = list(client.get(reverse("region_audit:log", args=[region.slug])).context["page"])
    assert {e.region_id for e in entries} == {region.pk}
    assert not any(e.municipality_id or e.organization_id for e in entries)


@pytest.mark.parametrize("entries", [1, 60])
def test_the_page_costs_the_same_for_few_entries_or_many(
    client, region, region_user, django_assert_max_num_queries, entries
):
    indicator_set = services.indicator_set_create_default(region=region, actor=region_user)
    for _ in range(entries):
        services.indicator_set_update(
            indicator_set=indicator_set,
            actor=region_user,
            title=f"Форма {_}",
            basis=indicator_set.basis,
            layout=indicator_set.layout,
        )
    client.force_login(region_user)
    url = reverse("region_audit:log", args=[region.slug])
    client.get(url)  # the content types are cached after the first request
    with django_assert_max_num_queries(17):
        assert client.get(url).status_code == 200


def test_entries_written_before_the_region_key_are_given_their_sets_region(region, tenant_a):
    """The data migration: an entry about a set with no owner at all gets the set's region;
    a committee's entry keeps its municipality and no region."""
    from importlib import import_module

    from django.apps import apps as django_apps

    from apps.audit.services import log_action

    migration = import_module("apps.regional.migrations.0002_audit_entries_of_the_region")
    indicator_set = services.indicator_set_create_default(region=region)
    municipality = tenant_a.organization.municipality
    with scopes_disabled():
        ownerless = log_action(
            organization=None, actor=None, action="regional.indicator_changed", target=indicator_set
        )
        committees = log_action(
            organization=None,
            municipality=municipality,
            actor=None,
            action="regional.form_exported",
            target=indicator_set,
        )
        migration.give_entries_their_region(django_apps, None)
        ownerless.refresh_from_db()
        committees.refresh_from_db()
    assert ownerless.region_id == region.pk
    assert (committees.region_id, committees.municipality_id) == (None, municipality.pk)
