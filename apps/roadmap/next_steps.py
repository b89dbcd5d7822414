"""What the roadmap asks of curators and directors, on their home page."""

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
    roadmaps = covering(owner_roadmaps(organization), year)
    list_url = reverse("roadmap:list", kwargs={"org_slug": organization.slug})
    if not roadmaps.exists():
        return NextStep(
            title=_("Create the roadmap of %(year)s–%(next)s") % {"year": year, "next": year + 1},
            detail=_("Start from one of the five model roadmaps, last year's, or your Word file."),
            url=list_url,
            action=_("Create the roadmap"),
        )
    overdue = Activity.objects.filter(roadmap__in=roadmaps).exclude(status=Activity.Status.DONE)
    overdue = overdue.filter(due_on__lt=timezone.localdate()).count()
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
