"""The partners and agreements `load_demo` puts into every demo organisation (#18)."""

from django.utils import timezone
from django_scopes import scopes_disabled

from apps.demo.organizations import MUNICIPALITY, ORGANIZATIONS, load_demo
from apps.demo.participants import load_demo_participants
from apps.demo.partners import load_demo_partners
from apps.organizations.models import Municipality, Organization
from apps.partners.models import Agreement, Status
from apps.partners.selectors import municipality_partners

from .. import demo_world


def test_every_demo_organisation_has_an_active_an_expiring_and_an_expired_agreement(db):
    load_demo(password="demo12345")
    today = timezone.localdate()
    with scopes_disabled():
        organizations = [Organization.objects.get(slug=spec.slug) for spec in ORGANIZATIONS]
        for organization in organizations:
            load_demo_participants(organization=organization)
            load_demo_partners(organization=organization)
        counts = Agreement.objects.count()
        for organization in organizations:
            load_demo_partners(organization=organization)
        assert Agreement.objects.count() == counts  # idempotent
        for organization in organizations:
            statuses = {a.status_on(today) for a in Agreement.objects.filter(organization=organization)}
            assert {Status.ACTIVE, Status.EXPIRING, Status.EXPIRED} <= statuses, organization.slug
            assert not Agreement.objects.filter(organization=organization, scan="").exists()
        municipality = Municipality.objects.get(slug=MUNICIPALITY["slug"])
        rows = municipality_partners(municipality)
        shared = [row for row in rows if "технопрофи" in row.name.casefold()]
        assert len(shared) == 1 and len(shared[0].organizations) == 2


def test_load_demo_reports_the_partners(db):
    assert "agreements" in demo_world.load_demo()
