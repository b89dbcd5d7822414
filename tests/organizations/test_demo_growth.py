"""`grow_demo`: the demo at a municipality's size, for the load test (docs/PERFORMANCE.md)."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from apps.demo.growth import grown_organizations
from apps.demo.organizations import MUNICIPALITY
from apps.demo.participants import build_demo
from apps.organizations.models import CommitteeMembership, Membership, Municipality, Organization
from apps.pairs.models import Meeting, Pair
from apps.participants.models import Participant, ProgrammeRole

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize("kind", list(Organization.Kind))
def test_an_organisation_is_drawn_at_the_size_asked_the_same_every_time(kind):
    people = build_demo(slug="sosh-1", kind=kind, today=TODAY, size=300).people
    again = build_demo(slug="sosh-1", kind=kind, today=TODAY, size=300).people
    assert len(people) == 300
    assert [p.key for p in people] == [p.key for p in again]
    assert len({p.key for p in people}) == 300  # names stay unique within the organisation
    roles = Counter(p.programme_role for p in people)
    assert roles[ProgrammeRole.MENTEE] > roles[ProgrammeRole.MENTOR] > 20


def test_without_a_size_the_demo_is_the_one_load_demo_draws():
    default = build_demo(slug="licey-7", kind=Organization.Kind.SCHOOL, today=TODAY)
    sized = build_demo(slug="licey-7", kind=Organization.Kind.SCHOOL, today=TODAY, size=0)
    assert [p.key for p in default.people] == [p.key for p in sized.people]
    assert 30 <= len(default.people) <= 45


def test_forty_organisations_are_mostly_schools():
    grown = grown_organizations(40)
    assert Counter(g.kind for g in grown) == {
        Organization.Kind.SCHOOL: 32,
        Organization.Kind.COLLEGE: 4,
        Organization.Kind.ADDITIONAL_EDUCATION: 4,
    }
    assert len({g.slug for g in grown}) == 40
    assert grown[0].slug == "sosh-1" and grown[3].slug == "kolledzh-4" and grown[8].slug == "cdt-9"


def _counts(slug):
    with scopes_disabled():
        return (
            Participant.objects.filter(organization__slug=slug).count(),
            Pair.objects.filter(organization__slug=slug).count(),
            Meeting.objects.filter(organization__slug=slug).count(),
            Membership.objects.filter(organization__slug=slug).count(),
        )


@pytest.mark.django_db
def test_grow_demo_adds_organisations_with_their_people_pairs_and_users_once():
    with scopes_disabled():
        Municipality.objects.create(**MUNICIPALITY)
    arguments = {"organizations": 1, "people": 60, "committee_members": 3, "stdout": StringIO()}
    call_command("grow_demo", **arguments)
    participants, pairs, meetings, members = _counts("sosh-1")
    assert participants == 60
    assert pairs > 5 and meetings > pairs
    assert members == 4  # director, curator, staff, mentor
    with scopes_disabled():
        assert CommitteeMembership.objects.filter(user__username="committee-kalachinsk-3").exists()
    call_command("grow_demo", **arguments)
    assert _counts("sosh-1") == (participants, pairs, meetings, members)


@pytest.mark.django_db
def test_grow_demo_needs_the_demo_first():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("grow_demo", organizations=1, stdout=StringIO())
