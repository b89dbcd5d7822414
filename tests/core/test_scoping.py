"""Rows that an organisation or its municipality owns (apps.core.scoping.OwnerScopedManager)."""

import pytest
from django_scopes import ScopeError, scope, scopes_disabled

from apps.audit.models import AuditEntry
from apps.audit.services import log_action
from apps.core.scoping import owner_scope
from apps.roadmap.models import Roadmap, Stage
from tests.factories import RegionFactory


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


def _regional_entries():
    return set(AuditEntry.objects.filter(action__startswith="regional."))


def test_a_region_sees_its_own_audit_entries_and_its_organisations_but_no_committees(tenant_a, tenant_b):
    """The audit's manager names "region" among its owners: a region's scope sees the
    region's own entries (and its organisations' rows, which its pages only sum), no
    committee's own and no other region's; a committee's scope sees no region's."""
    region, other = RegionFactory(), RegionFactory()
    municipality = tenant_a.organization.municipality
    municipality.parent_region = region
    municipality.save()
    with scopes_disabled():
        own = log_action(organization=None, actor=None, action="regional.set_created", region=region)
        others = log_action(organization=None, actor=None, action="regional.set_created", region=other)
        committees = log_action(
            organization=None, actor=None, action="regional.note_saved", municipality=municipality
        )
        school = log_action(organization=tenant_a.organization, actor=None, action="regional.note_saved")
        log_action(organization=tenant_b.organization, actor=None, action="regional.note_saved")
    with owner_scope(region):
        assert _regional_entries() == {own, school}
    with owner_scope(other):
        assert _regional_entries() == {others}
    with owner_scope(municipality):
        assert _regional_entries() == {committees, school}
