"""Rows that an organisation or its municipality owns (apps.core.scoping.OwnerScopedManager)."""

import pytest
from django_scopes import ScopeError, scope, scopes_disabled

from apps.core.scoping import owner_scope
from apps.roadmap.models import Roadmap, Stage


@pytest.fixture
def roadmaps(tenant_a, tenant_b):
    """A roadmap of each school and of each school's municipality."""
    made = {}
    for key, tenant in (("a", tenant_a), ("b", tenant_b)):
        organization = tenant.organization
        municipality = organization.municipality
        made[key] = Roadmap.objects.create(
            organization=organization, municipality=municipality, title="Школа", academic_year=2026
        )
        made[f"{key}_committee"] = Roadmap.objects.create(
            municipality=municipality, title="Комитет", academic_year=2026
        )
        Stage.objects.create(roadmap=made[key], title="Подготовка")
        Stage.objects.create(roadmap=made[f"{key}_committee"], title="Организация")
    return made


def _visible(model=Roadmap):
    return set(model.objects.all())


def test_an_organisation_sees_its_own_rows_only(tenant_a, roadmaps):
    with scope(organization=tenant_a.organization):
        assert _visible() == {roadmaps["a"]}
        assert {s.roadmap for s in _visible(Stage)} == {roadmaps["a"]}


def test_a_committee_sees_its_organisations_rows_and_its_own(tenant_a, roadmaps):
    with owner_scope(tenant_a.organization.municipality):
        assert _visible() == {roadmaps["a"], roadmaps["a_committee"]}
        assert {s.roadmap for s in _visible(Stage)} == {roadmaps["a"], roadmaps["a_committee"]}


def test_no_scope_raises_and_disabled_scopes_see_everything(roadmaps):
    with owner_scope(roadmaps["a"].municipality), scopes_disabled():
        assert _visible() == set(roadmaps.values())
    # scope() enables scoping again inside the tests' scopes_disabled (tests/conftest.py).
    with scope():
        with pytest.raises(ScopeError):
            list(Roadmap.objects.all())
