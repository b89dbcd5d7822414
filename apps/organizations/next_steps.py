"""What a person should do next, shown on their home page.

Each rule looks at the organisation's data and returns a step when something is due.
Apps register their own rules for the roles they concern with `@rule(Role.CURATOR, ...)`
in a `next_steps.py` of theirs, imported by their AppConfig.ready().
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Membership
from .roles import Role


@dataclass(frozen=True)
class NextStep:
    title: str
    detail: str
    url: str
    action: str


RULES_BY_ROLE: dict[str, list] = {role: [] for role in Role}


def rule(*roles):
    """Register a rule `(membership) -> NextStep | None` for these roles."""

    def register(function):
        for role in roles:
            RULES_BY_ROLE[role].append(function)
        return function

    return register


def next_steps_for(membership: Membership) -> list[NextStep]:
    rules = RULES_BY_ROLE.get(membership.role, [])
    return [step for rule_ in rules if (step := rule_(membership)) is not None]


@rule(Role.DIRECTOR)
def _complete_profile(membership):
    organization = membership.organization
    missing = organization.missing_profile_fields
    if not missing:
        return None
    return NextStep(
        title=_("Complete the organisation's profile"),
        detail=_("Orders and the roadmap need: %(fields)s.") % {"fields": ", ".join(missing)},
        url=reverse("organizations:profile", kwargs={"org_slug": organization.slug}),
        action=_("Fill in the profile"),
    )


@rule(Role.DIRECTOR)
def _appoint_curator(membership):
    organization = membership.organization
    if Membership.objects.filter(organization=organization, role=Role.CURATOR, is_active=True).exists():
        return None
    return NextStep(
        title=_("Appoint the programme's curator"),
        detail=_("The curator runs the mentoring programme day to day: bases, pairs, meetings."),
        url=reverse("organizations:member_add", kwargs={"org_slug": organization.slug}),
        action=_("Add a curator"),
    )


@rule(Role.DIRECTOR)
def _members_never_signed_in(membership):
    organization = membership.organization
    waiting = Membership.objects.filter(
        organization=organization, is_active=True, user__last_login__isnull=True
    ).count()
    if not waiting:
        return None
    return NextStep(
        title=ngettext(
            "%(count)d colleague has not signed in yet",
            "%(count)d colleagues have not signed in yet",
            waiting,
        )
        % {"count": waiting},
        detail=_("Check their e-mail addresses and send the invitation again if needed."),
        url=reverse("organizations:members", kwargs={"org_slug": organization.slug}),
        action=_("Open the team"),
    )


@rule(Role.CURATOR)
def _ask_for_staff(membership):
    organization = membership.organization
    if Membership.objects.filter(organization=organization, role=Role.STAFF, is_active=True).exists():
        return None
    return NextStep(
        title=_("Nobody keeps the registry yet"),
        detail=_("Ask the director to add a staff member who will import questionnaires."),
        url=reverse("organizations:members", kwargs={"org_slug": organization.slug}),
        action=_("Open the team"),
    )
