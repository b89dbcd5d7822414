"""Accounts for the people of the bases: a mentor invited from their card, or a member of
the team linked to their participant record, sees exactly the pairs they mentor."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from apps.organizations.models import Membership
from apps.organizations.roles import Role
from apps.pairs.models import Pair, PairMentee
from apps.pairs.services import accounts
from apps.participants.models import Participant
from tests.factories import MembershipFactory, ParticipantFactory, ProgrammeFactory, UserFactory

User = get_user_model()


def _url(tenant, name, **kwargs):
    return reverse(name, kwargs={"org_slug": tenant.organization.slug, **kwargs})


def _mentor_with_pair(tenant, *, email="zaytseva@example.org", last_name="Зайцева", status="approved"):
    """A teacher of the base who mentors an approved pair, with no account yet."""
    organization = tenant.organization
    mentor = ParticipantFactory(
        organization=organization,
        last_name=last_name,
        first_name="Ольга",
        category="teacher",
        birth_date=date(1980, 5, 5),
        programme_role="mentor",
        email=email,
    )
    programme = ProgrammeFactory(organization=organization)
    pair = Pair.objects.create(organization=organization, programme=programme, mentor=mentor, status=status)
    PairMentee.objects.create(
        organization=organization, pair=pair, mentee=ParticipantFactory(organization=organization)
    )
    return mentor, pair


def _own(client, tenant, pair):
    return client.get(_url(tenant, "pairs:my_pair", pair_id=pair.pk)).status_code


def test_it_invites_a_mentor_from_the_card(client, tenant_a, django_capture_on_commit_callbacks, settings):
    settings.PORTAL_URL = "https://portal.example.org"
    mentor, pair = _mentor_with_pair(tenant_a)
    client.force_login(tenant_a.curator)
    card = client.get(_url(tenant_a, "participants:detail", participant_id=mentor.pk))
    assert "Пригласить или связать" in card.content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(
            _url(tenant_a, "pairs:participant_account", participant_id=mentor.pk), {"action": "invite"}
        )
    assert callbacks, "the invitation leaves after the commit"
    mentor.refresh_from_db()
    account = mentor.account
    assert account.email == "zaytseva@example.org"
    assert (account.last_name, account.first_name) == ("Зайцева", "Ольга")
    assert not account.has_usable_password()
    assert Membership.objects.get(organization=tenant_a.organization, user=account).role == Role.MENTOR
    assert mail.outbox[-1].to == ["zaytseva@example.org"]
    assert "https://portal.example.org/accounts/reset/" in mail.outbox[-1].body

    # The mentor sees exactly the pairs of their participant record.
    client.force_login(account)
    assert list(client.get(_url(tenant_a, "pairs:my_pairs")).context["pairs"]) == [pair]
    other = Pair.objects.exclude(pk=pair.pk).filter(organization=tenant_a.organization).first()
    assert _own(client, tenant_a, pair) == 200
    if other is not None:
        assert _own(client, tenant_a, other) == 404


def test_an_invitation_needs_an_email_and_an_adult(client, tenant_a):
    mentor, _pair = _mentor_with_pair(tenant_a, email="")
    child = ParticipantFactory(organization=tenant_a.organization, email="child@example.org")  # 12 years old
    client.force_login(tenant_a.curator)
    response = client.post(
        _url(tenant_a, "pairs:participant_account", participant_id=mentor.pk),
        {"action": "invite"},
        follow=True,
    )
    assert "В карточке нет электронной почты" in response.content.decode()
    client.post(_url(tenant_a, "pairs:participant_account", participant_id=child.pk), {"action": "invite"})
    assert not Participant.objects.filter(pk__in=[mentor.pk, child.pk], account__isnull=False).exists()
    assert not User.objects.filter(email="child@example.org").exists()


def test_linking_a_member_grants_and_unlinking_withdraws_at_once(client, tenant_a):
    mentor, pair = _mentor_with_pair(tenant_a)
    colleague = MembershipFactory(organization=tenant_a.organization, role=Role.MENTOR).user
    membership = Membership.objects.get(organization=tenant_a.organization, user=colleague)
    client.force_login(tenant_a.curator)
    client.post(
        _url(tenant_a, "pairs:participant_account", participant_id=mentor.pk),
        {"action": "link", "membership": membership.pk},
    )
    mentor.refresh_from_db()
    assert mentor.account == colleague
    client.force_login(colleague)
    assert _own(client, tenant_a, pair) == 200

    client.force_login(tenant_a.curator)
    client.post(_url(tenant_a, "pairs:participant_account", participant_id=mentor.pk), {"action": "unlink"})
    client.force_login(colleague)
    assert _own(client, tenant_a, pair) == 404
    assert list(client.get(_url(tenant_a, "pairs:my_pairs")).context["pairs"]) == []


def test_a_member_leaving_the_team_loses_the_pairs_at_once(client, tenant_a):
    mentor, pair = _mentor_with_pair(tenant_a)
    colleague = MembershipFactory(organization=tenant_a.organization, role=Role.MENTOR).user
    accounts.participant_account_link(participant=mentor, user=colleague, actor=tenant_a.curator)
    membership = Membership.objects.get(organization=tenant_a.organization, user=colleague)
    client.force_login(tenant_a.director)
    client.post(
        _url(tenant_a, "organizations:member_edit", membership_id=membership.pk), {"role": Role.MENTOR}
    )
    membership.refresh_from_db()
    mentor.refresh_from_db()
    assert not membership.is_active
    assert mentor.account is None
    assert not colleague.has_perm("pairs.view_pair", pair)


def test_one_account_is_not_linked_to_two_people_of_one_organisation(tenant_a):
    first, _pair = _mentor_with_pair(tenant_a)
    second, _other = _mentor_with_pair(tenant_a, email="other@example.org", last_name="Иванова")
    colleague = MembershipFactory(organization=tenant_a.organization, role=Role.MENTOR).user
    accounts.participant_account_link(participant=first, user=colleague, actor=None)
    with pytest.raises(Exception, match="уже связан|already linked"):
        accounts.participant_account_link(participant=second, user=colleague, actor=None)


def test_one_person_linked_in_two_organisations(client, tenant_a, tenant_b):
    person = UserFactory(email="zaytseva@example.org")
    for tenant in (tenant_a, tenant_b):
        MembershipFactory(organization=tenant.organization, user=person, role=Role.MENTOR)
    mentor_a, pair_a = _mentor_with_pair(tenant_a)
    mentor_b, pair_b = _mentor_with_pair(tenant_b)
    accounts.participant_account_link(participant=mentor_a, user=person, actor=None)
    # Invited in B from the card: the same e-mail finds the same account.
    accounts.participant_account_invite(participant=mentor_b, actor=tenant_b.curator)
    mentor_b.refresh_from_db()
    assert mentor_b.account == person
    client.force_login(person)
    assert list(client.get(_url(tenant_a, "pairs:my_pairs")).context["pairs"]) == [pair_a]
    assert list(client.get(_url(tenant_b, "pairs:my_pairs")).context["pairs"]) == [pair_b]
    assert _own(client, tenant_a, pair_b) == 404


def test_the_team_page_offers_the_participant_and_shows_the_link(client, tenant_a):
    mentor, pair = _mentor_with_pair(tenant_a)
    client.force_login(tenant_a.director)
    data = {
        "last_name": "Зайцева",
        "first_name": "Ольга",
        "email": "olga@example.org",
        "username": "olga",
        "role": Role.MENTOR,
    }
    offer = client.post(_url(tenant_a, "organizations:member_add"), data)
    assert offer.status_code == 200
    assert [key for key, _label in offer.context["form"].fields["person"].choices] == [mentor.pk, ""]
    assert not User.objects.filter(username="olga").exists()  # nothing created before the answer
    client.post(_url(tenant_a, "organizations:member_add"), {**data, "offered": "on", "person": mentor.pk})
    mentor.refresh_from_db()
    assert mentor.account.username == "olga"
    team = client.get(_url(tenant_a, "organizations:members"))
    assert mentor.full_name in team.content.decode()
    client.force_login(mentor.account)
    assert _own(client, tenant_a, pair) == 200
