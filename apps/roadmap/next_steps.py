"""What the roadmap asks of curators and directors, on their home page."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.organizations.next_steps import NextStep, rule
from apps.organizations.roles import Role

from .models import Activity
from .selectors import covering, current_academic_year, owner_roadmaps


@rule(Role.CURATOR, Role.DIRECTOR)
def roadmap_of_the_year(membership):
    organization = membership.organization
    year = current_academic_year()
    # One query: is there a roadmap of this year, and how many of its activities are overdue.
    totals = covering(owner_roadmaps(organization), year).aggregate(
        roadmaps=Count("pk", distinct=True),
        overdue=Count(
            "activities",
            filter=Q(activities__status__in=[Activity.Status.PLANNED, Activity.Status.IN_PROGRESS])
            & Q(activities__due_on__lt=timezone.localdate()),
        ),
    )
    list_url = reverse("roadmap:list", kwargs={"org_slug": organization.slug})
    if not totals["roadmaps"]:
        return NextStep(
            title=_("Create the roadmap of %(year)s–%(next)s") % {"year": year, "next": year + 1},
            detail=_("Start from one of the five model roadmaps, last year's, or your Word file."),
            url=list_url,
            action=_("Create the roadmap"),
        )
    overdue = totals["overdue"]
    if not overdue:
        return None
    return NextStep(
        title=ngettext(
            "%(count)d activity of the roadmap is overdue",
            "%(count)d activities of the roadmap are overdue",
            overdue,
        )
        % {"count": overdue},
        detail=_("Mark what is done, with its evidence, or move the deadline."),
        url=list_url,
        action=_("Open the roadmap"),
    )
