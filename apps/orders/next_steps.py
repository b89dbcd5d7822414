"""What orders ask of directors and curators, on their home page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.organizations.next_steps import NextStep, rule
from apps.organizations.roles import Role

from .models import Order


@rule(Role.DIRECTOR)
def orders_awaiting_approval(membership):
    organization = membership.organization
    waiting = Order.objects.filter(organization=organization, status=Order.Status.SUBMITTED).count()
    if not waiting:
        return None
    return NextStep(
        title=ngettext(
            "%(count)d order awaits your approval", "%(count)d orders await your approval", waiting
        )
        % {"count": waiting},
        detail=_("Approve it, or return it to the curator with a comment."),
        url=reverse("orders:list", kwargs={"org_slug": organization.slug}) + "?tab=inbox",
        action=_("Open the orders"),
    )


@rule(Role.CURATOR)
def orders_returned(membership):
    organization = membership.organization
    returned = Order.objects.filter(organization=organization, status=Order.Status.RETURNED).count()
    if not returned:
        return None
    return NextStep(
        title=ngettext(
            "The director returned %(count)d order", "The director returned %(count)d orders", returned
        )
        % {"count": returned},
        detail=_("Read the director's comment, correct the order and submit it again."),
        url=reverse("orders:list", kwargs={"org_slug": organization.slug}) + "?tab=drafts",
        action=_("Open the orders"),
    )
