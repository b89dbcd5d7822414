"""Who may act in a tenant: the lookups TenantMiddleware (pages) and the API (tokens) share."""

from django_scopes import scopes_disabled

from .models import CommitteeMembership, Membership, RegionMembership


def active_membership(user, org_slug: str) -> Membership | None:
    """The person's active membership in an active organisation, or None (answered 404)."""
    with scopes_disabled():
        return (
            Membership.objects.select_related("organization__municipality")
            .filter(user=user, organization__slug=org_slug, organization__is_active=True, is_active=True)
            .first()
        )


def active_committee_membership(user, municipality_slug: str) -> CommitteeMembership | None:
    with scopes_disabled():
        return (
            CommitteeMembership.objects.select_related("municipality")
            .filter(user=user, municipality__slug=municipality_slug, is_active=True)
            .first()
        )


def active_region_membership(user, region_slug: str) -> RegionMembership | None:
    return (
        RegionMembership.objects.select_related("region")
        .filter(user=user, region__slug=region_slug, is_active=True)
        .first()
    )
