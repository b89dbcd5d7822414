"""Reads of organisations, members and workplaces."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from .models import CommitteeMembership, Membership, Municipality, Organization, RegionMembership
from .roles import Role


@dataclass(frozen=True)
class Workplace:
    """Somewhere a user works: an organisation with a role, or a committee."""

    name: str
    role_label: str
    url: str


def user_workplaces(*, user) -> list[Workplace]:
    """Every organisation and committee where the user holds an active role."""
    if not user.is_authenticated:
        return []
    # Across tenants on purpose: these are the user's own memberships.
    with scopes_disabled():
        memberships = (
            Membership.objects.filter(user=user, is_active=True, organization__is_active=True)
            .select_related("organization")
            .order_by("organization__short_name")
        )
        workplaces = [
            Workplace(m.organization.short_name, m.get_role_display(), m.organization.get_absolute_url())
            for m in memberships
        ]
    # Committees and regional centres in one query (a union), so every page costs the same.
    committees = CommitteeMembership.objects.filter(user=user, is_active=True).values_list(
        Value("m"), "municipality__committee_name", "municipality__slug"
    )
    regions = RegionMembership.objects.filter(user=user, is_active=True).values_list(
        Value("r"), "region__centre_name", "region__slug"
    )
    for kind, name, slug in sorted(committees.union(regions, all=True)):
        if kind == "m":
            workplaces.append(Workplace(name, _("Committee"), reverse("committee:dashboard", args=[slug])))
        else:
            workplaces.append(Workplace(name, _("Regional centre"), reverse("region:dashboard", args=[slug])))
    return workplaces


def organization_members(*, organization: Organization):
    """Members of the organisation in the current scope, directors first."""
    role_order = [Role.DIRECTOR, Role.CURATOR, Role.STAFF, Role.MENTOR]
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .annotate(
            role_rank=Case(
                *[When(role=r, then=Value(i)) for i, r in enumerate(role_order)],
                output_field=IntegerField(),
            )
        )
        .order_by("-is_active", "role_rank", "user__last_name", "user__first_name")
    )


def filter_members(members, *, query: str = "", role: str = ""):
    """Narrow a members queryset by a name or login fragment and by role."""
    if query:
        members = members.filter(
            Q(user__last_name__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__username__icontains=query)
        )
    if role:
        members = members.filter(role=role)
    return members


def committee_organizations_overview(*, municipality: Municipality):
    """Organisations of a municipality with counts of their active team by role.

    Aggregates only: the committee never sees who the people are.
    """
    active = Membership.objects.filter(organization=OuterRef("pk"), is_active=True).order_by()
    counts = {
        f"{role}_count": Coalesce(
            Subquery(active.filter(role=role).values("organization").annotate(n=Count("pk")).values("n")),
            0,
        )
        for role in Role.values
    }
    return municipality.organizations.filter(is_active=True).annotate(**counts).order_by("short_name")
