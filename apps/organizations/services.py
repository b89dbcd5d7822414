"""Changes to organisations and their teams. Each is atomic and leaves an audit entry."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.services import user_send_invitation
from apps.audit.services import apply_changes, log_action

from . import person_links
from .models import Membership, Organization
from .roles import Role

User = get_user_model()

PROFILE_FIELDS = ("full_name", "short_name", "kind", "director_name", "address", "website")


@transaction.atomic
def organization_update_profile(*, organization: Organization, actor, **values) -> Organization:
    # Compare with the stored row: a bound ModelForm has already changed the instance in memory.
    stored = Organization.objects.select_for_update().get(pk=organization.pk)
    changed = apply_changes(stored, values, PROFILE_FIELDS)
    if not changed:
        return stored
    stored.full_clean()
    stored.save(update_fields=changed)
    log_action(
        organization=stored,
        actor=actor,
        action="organization.profile_changed",
        target=stored,
        data={"fields": sorted(changed)},
    )
    return stored


@transaction.atomic
def member_add(
    *,
    organization: Organization,
    actor,
    username: str,
    email: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    role: str,
    person: int | None = None,
) -> Membership:
    """Create a colleague's account with a role and e-mail them a link to set a password.

    `person`, one of the people offered by `person_links` (a mentor's participant record
    with the same name or e-mail), is linked to the new account."""
    user = User(
        username=username,
        email=email,
        last_name=last_name,
        first_name=first_name,
        patronymic=patronymic,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    membership = Membership(organization=organization, user=user, role=role)
    membership.full_clean()
    membership.save()
    # Only the role goes into the audit: the name is on the membership itself.
    membership.log("membership.added", actor=actor, data={"role": role})
    if person is not None:
        for links in person_links.registered():
            links.link(organization=organization, key=person, user=user, actor=actor)
    if email:
        member_send_invitation(membership=membership, actor=actor)
    return membership


def member_send_invitation(*, membership: Membership, actor) -> None:
    user_send_invitation(user=membership.user)
    membership.log("membership.invitation_sent", actor=actor)


@transaction.atomic
def membership_change(*, membership: Membership, actor, role: str, is_active: bool) -> Membership:
    """Change a member's role or access; an organisation always keeps an active director."""
    changed = {}
    if membership.role != role:
        changed["role"] = [membership.role, role]
    if membership.is_active != is_active:
        changed["is_active"] = [membership.is_active, is_active]
    if not changed:
        return membership

    loses_director = (
        membership.role == Role.DIRECTOR and membership.is_active and (role != Role.DIRECTOR or not is_active)
    )
    if loses_director:
        other_directors = (
            Membership.objects.select_for_update()
            .filter(organization=membership.organization, role=Role.DIRECTOR, is_active=True)
            .exclude(pk=membership.pk)
        )
        if not other_directors.exists():
            raise ValidationError(
                _("The organisation must keep at least one active director. Appoint another first.")
            )

    membership.role = role
    membership.is_active = is_active
    membership.full_clean()
    membership.save(update_fields=["role", "is_active"])
    membership.log("membership.changed", actor=actor, data=changed)
    if not is_active:
        # Access withdrawn: what a link to a person granted goes at once, not at the next sign-in.
        for links in person_links.registered():
            links.member_left(membership=membership, actor=actor)
    return membership
