"""Portal accounts of the people in the bases: a mentor invited from their card, or linked to
a member of the team, sees the pairs of their participant record and no other.

The grants are django-guardian's, per pair, after the tenant check: linking grants every
pair the participant mentors (but proposals), unlinking and leaving the team withdraw them
at once."""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from apps.accounts.services import user_send_added, user_send_invitation
from apps.organizations.models import Membership
from apps.organizations.person_links import LinkedPerson
from apps.organizations.roles import Role
from apps.participants.consents import ADULT_AGE, age_on
from apps.participants.models import ADULT_CATEGORIES, Participant
from apps.participants.models import Status as ParticipantStatus

from ..models import PAIR_GRANTS, Pair

User = get_user_model()


def _granted_pairs(participant: Participant):
    """The pairs a linked mentor works on: every pair they mentor once it is approved."""
    return Pair.objects.filter(mentor=participant).exclude(status=Pair.Status.PROPOSED)


def mentor_access_grant(*, participant: Participant) -> None:
    account = participant.account
    if account is None:
        return
    for pair in _granted_pairs(participant):
        for permission in PAIR_GRANTS:
            assign_perm(permission, account, pair)


def mentor_access_withdraw(*, participant: Participant, account) -> None:
    pairs = list(Pair.objects.filter(mentor=participant))
    if pairs:
        for permission in PAIR_GRANTS:
            remove_perm(permission, account, Pair.objects.filter(pk__in=[p.pk for p in pairs]))


def is_adult(participant: Participant) -> bool:
    if participant.birth_date is None:
        return participant.category in ADULT_CATEGORIES
    return age_on(participant.birth_date, timezone.localdate()) >= ADULT_AGE


def _check_linkable(participant: Participant, user) -> None:
    if participant.anonymised_at or participant.status == ParticipantStatus.LEFT:
        raise ValidationError(_("This participant has left the programme: no account is linked."))
    if not is_adult(participant):
        raise ValidationError(_("Only adults get an account of their own on the portal."))
    if participant.account_id and participant.account_id != user.pk:
        raise ValidationError(_("This participant is already linked to another account. Unlink it first."))
    other = (
        Participant.objects.filter(organization=participant.organization, account=user)
        .exclude(pk=participant.pk)
        .first()
    )
    if other is not None:
        raise ValidationError(
            _("%(name)s is already linked to %(other)s in this organisation.")
            % {"name": user.full_name, "other": other.full_name}
        )


@transaction.atomic
def participant_account_link(*, participant: Participant, user, actor) -> Participant:
    """Link an active member of the organisation to the participant; they see its pairs."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.account_id == user.pk:
        return participant  # a double click changes nothing
    if not Membership.objects.filter(
        organization=participant.organization, user=user, is_active=True
    ).exists():
        raise ValidationError(_("Choose an active member of the organisation's team."))
    _check_linkable(participant, user)
    participant.account = user
    participant.save(update_fields=["account", "updated_at"])
    mentor_access_grant(participant=participant)
    participant.log("participant.account_linked", actor=actor)
    return participant


def _free_username(email: str) -> str:
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0])[:140] or "mentor"
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}{number}"
    return username


@transaction.atomic
def participant_account_invite(*, participant: Participant, actor) -> Participant:
    """Invite the person of the card to the portal: an account with the card's e-mail (or
    theirs when they already have one, in another organisation say), a mentor's membership
    here, the link; the e-mail leaves after the transaction commits."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.account_id:
        return participant  # invited already: a double click changes nothing
    email = participant.email.strip()
    if not email:
        raise ValidationError(_("The card has no e-mail: add it to the card first."))
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    created = user is None
    if created:
        user = User(
            username=_free_username(email),
            email=email,
            last_name=participant.last_name,
            first_name=participant.first_name,
            patronymic=participant.patronymic,
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
    _check_linkable(participant, user)
    organization = participant.organization
    membership = Membership.objects.filter(organization=organization, user=user).first()
    if membership is None:
        membership = Membership.objects.create(organization=organization, user=user, role=Role.MENTOR)
        membership.log("membership.added", actor=actor, data={"role": Role.MENTOR})
    elif not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        membership.log("membership.changed", actor=actor, data={"is_active": [False, True]})
    participant.account = user
    participant.save(update_fields=["account", "updated_at"])
    mentor_access_grant(participant=participant)
    participant.log("participant.account_invited", actor=actor)
    if created or not user.has_usable_password():
        user_send_invitation(user=user)
    else:
        user_send_added(user=user, organization_name=organization.short_name)
    membership.log("membership.invitation_sent", actor=actor)
    return participant


@transaction.atomic
def participant_account_unlink(*, participant: Participant, actor) -> Participant:
    """The account no longer stands for the participant: its pairs are withdrawn at once."""
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.account_id is None:
        return participant
    mentor_access_withdraw(participant=participant, account=participant.account)
    participant.account = None
    participant.save(update_fields=["account", "updated_at"])
    participant.log("participant.account_unlinked", actor=actor)
    return participant


def link_candidates(*, organization, email: str, last_name: str, first_name: str):
    """Unlinked adults of the base with this e-mail, or this surname and first name."""
    by_name = {"last_name__iexact": last_name.strip(), "first_name__iexact": first_name.strip()}
    people = Participant.objects.filter(
        organization=organization, account__isnull=True, anonymised_at__isnull=True
    ).exclude(status=ParticipantStatus.LEFT)
    matches = people.filter(email__iexact=email.strip()) if email.strip() else people.none()
    if last_name.strip() and first_name.strip():
        matches = matches | people.filter(**by_name)
    return [p for p in matches.distinct().order_by("last_name", "first_name", "pk")[:10] if is_adult(p)]


def _card(participant) -> LinkedPerson:
    url = reverse(
        "participants:detail",
        kwargs={"org_slug": participant.organization.slug, "participant_id": participant.pk},
    )
    return LinkedPerson(key=participant.pk, name=participant.full_name, url=url)


class ParticipantLinks:
    """The team pages' view of the links (registered in `organizations.person_links`)."""

    def candidates(self, *, organization, email, last_name, first_name):
        people = link_candidates(
            organization=organization, email=email, last_name=last_name, first_name=first_name
        )
        return [_card(p) for p in people]

    def link(self, *, organization, key, user, actor):
        participant = Participant.objects.get(organization=organization, pk=key)
        participant_account_link(participant=participant, user=user, actor=actor)

    def linked(self, *, organization, user_ids):
        people = Participant.objects.filter(organization=organization, account_id__in=list(user_ids))
        return {p.account_id: _card(p) for p in people.select_related("organization")}

    def member_left(self, *, membership, actor):
        for participant in Participant.objects.filter(
            organization=membership.organization, account=membership.user
        ):
            participant_account_unlink(participant=participant, actor=actor)
