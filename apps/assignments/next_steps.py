"""What the committee's assigned items ask of directors and curators, on their home page."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.organizations.next_steps import NextStep, rule
from apps.organizations.roles import Role

from .models import AssignedItem


@rule(Role.CURATOR, Role.DIRECTOR)
def committee_items_overdue(membership):
    organization = membership.organization
    overdue = AssignedItem.objects.filter(
        organization=organization, done_on__isnull=True, due_on__lt=timezone.localdate()
    ).count()
    if not overdue:
        return None
    return NextStep(
        title=ngettext(
            "%(count)d item asked by the committee is overdue",
            "%(count)d items asked by the committee are overdue",
            overdue,
        )
        % {"count": overdue},
        detail=_("Close each with its evidence: an approved order, an agreement, a publication or a file."),
        url=reverse("assigned:list", kwargs={"org_slug": organization.slug}),
        action=_("Open the items"),
    )
