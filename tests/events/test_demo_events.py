"""The events, contests and letters that `load_demo` puts into every demo organisation and
its committee."""

from io import StringIO

from django.core.management import call_command
from django_scopes import scopes_disabled

from apps.demo.organizations import MUNICIPALITY, ORGANIZATIONS
from apps.events.models import Contest, Event, Invitation, Letter, Nominee
from apps.organizations.models import Municipality, Organization

from .. import demo_world


def test_every_demo_organisation_holds_a_meeting_plans_its_final_event_and_rewards_its_winners(db):
    demo_world.load_demo()
    with scopes_disabled():
        for spec in ORGANIZATIONS:
            organization = Organization.objects.get(slug=spec.slug)
            held = Event.objects.get(organization=organization, kind="group_meeting")
            assert held.status == "held", spec.slug
            assert held.invitations.filter(attended=True).exists(), spec.slug
            assert held.invitations.filter(attended=False).exists(), spec.slug
            final = Event.objects.get(organization=organization, kind="final_event")
            assert final.status == "planned" and final.invitations.exists(), spec.slug
            contest = Contest.objects.get(organization=organization)
            assert contest.stage == "results", spec.slug
            assert Nominee.objects.filter(contest=contest, place=1).exists(), spec.slug
            assert Letter.objects.filter(batch__contest=contest).count() >= 1, spec.slug
        gloria = Event.objects.get(organization__slug="cvr-gloria", kind="final_event")
        assert "Твой результат" in gloria.title
        municipality = Municipality.objects.get(slug=MUNICIPALITY["slug"])
        municipal = Contest.objects.get(organization__isnull=True, municipality=municipality)
        assert set(municipal.nominees.values_list("organization__slug", flat=True)) == {
            s.slug for s in ORGANIZATIONS
        }
        counts = (
            Event.objects.count(),
            Invitation.objects.count(),
            Contest.objects.count(),
            Letter.objects.count(),
        )
        call_command("load_demo", stdout=StringIO())
        assert (
            Event.objects.count(),
            Invitation.objects.count(),
            Contest.objects.count(),
            Letter.objects.count(),
        ) == counts
