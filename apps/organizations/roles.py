"""Roles of people in an organisation and what each role may do.

This table is the one place that grants rights. Views declare the permission they
need (`permission = "members.manage"`); TenantMiddleware checks it against the
role of the person in the organisation of the URL.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    CURATOR = "curator", _("Curator")
    STAFF = "staff", _("Staff")
    MENTOR = "mentor", _("Mentor")


# Permission names are "<area>.<verb>"; later apps add their own here.
PERMISSIONS_BY_ROLE: dict[str, frozenset[str]] = {
    Role.DIRECTOR: frozenset(
        {
            "organization.view",
            "documents.view",
            "organization.change",
            "members.view",
            "members.manage",
            "audit.view",
            "participants.view",
            "participants.accounts",
            "pairs.view",
            "roadmap.view",
            "roadmap.progress",
            "roadmap.manage",
            "orders.view",
            "orders.approve",
            "orders.templates",
            "monitoring.view",
            "monitoring.reports",
            "monitoring.headcount",
            "surveys.view",
            "events.view",
            "events.manage",
            "contests.view",
            "contests.manage",
            "contests.score",
            "letters.issue",
            "library.view",
            "library.manage",
            "partners.view",
            "public.manage",
        }
    ),
    Role.CURATOR: frozenset(
        {
            "organization.view",
            "documents.view",
            "members.view",
            "participants.view",
            "participants.change",
            # Special category data (inclusion groups): the curator alone records and reads them.
            "participants.sensitive",
            "participants.export",
            "participants.accounts",
            "questionnaires.manage",
            "pairs.view",
            "pairs.manage",
            "roadmap.view",
            "roadmap.progress",
            "roadmap.manage",
            "orders.view",
            "orders.draft",
            "orders.templates",
            "monitoring.view",
            "monitoring.reports",
            "surveys.view",
            "surveys.manage",
            "events.view",
            "events.manage",
            "contests.view",
            "contests.manage",
            "contests.propose",
            "contests.score",
            "letters.issue",
            "library.view",
            "library.manage",
            "partners.view",
            "partners.manage",
            "public.manage",
        }
    ),
    Role.STAFF: frozenset(
        {
            "organization.view",
            "documents.view",
            "members.view",
            "participants.view",
            "participants.change",
            "participants.export",
            "roadmap.view",
            "roadmap.progress",
            "events.view",
            "contests.view",
            "contests.score",
            "library.view",
            "partners.view",
            "partners.manage",
        }
    ),
    # Mentors see their own pairs only (django-guardian grants per pair), not the registry.
    # The library's methodological materials are for mentors above all.
    Role.MENTOR: frozenset(
        {"organization.view", "documents.view", "pairs.own", "contests.score", "library.view"}
    ),
}

ALL_PERMISSIONS = frozenset().union(*PERMISSIONS_BY_ROLE.values())

# The committee of a municipality sees aggregates of its organisations only, and runs
# its own roadmap (seed 002). "roadmap.progress" marks activities done; without
# "roadmap.manage" only those the person is responsible for.
COMMITTEE_PERMISSIONS = frozenset(
    {
        "committee.view",
        "documents.view",
        "monitoring.reports",
        "roadmap.view",
        "roadmap.progress",
        "roadmap.manage",
        # Its own events, municipal contests (nominations from its organisations: names only)
        # and letters.
        "events.view",
        "events.manage",
        "contests.view",
        "contests.manage",
        "contests.score",
        "letters.issue",
        # What its organisations share in the library, read-only; featuring puts an item first.
        "library.view",
        "library.feature",
        # The municipality's partners and their agreements' terms, organisations' names only.
        "partners.view",
    }
)

# The regional centre (РЦН) sees every municipality of its region in aggregate and keeps the
# region's monitoring forms; never an organisation's page, never a person. Its audit trail is
# of its own changes only.
REGION_PERMISSIONS = frozenset({"region.view", "region.forms", "region.audit"})
