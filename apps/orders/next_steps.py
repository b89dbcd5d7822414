"""What orders ask of directors and curators, on their home page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.organizations.next_steps import NextStep, rule
from apps.organizations.roles import Role

from .models import Order


def _orders_step(membership, status, *, title, detail, tab):
    """A step when the organisation has orders in `status`; `title(count)` words it."""
    organization = membership.organization
    count = Order.objects.filter(organization=organization, status=status).count()
    if not count:
        return None
    return NextStep(
        title=title(count),
        detail=detail,
        url=reverse("orders:list", kwargs={"org_slug": organization.slug}) + f"?tab={tab}",
        action=_("Open the orders"),
    )


@rule(Role.DIRECTOR)
def orders_awaiting_approval(membership):
    return _orders_step(
        membership,
        Order.Status.SUBMITTED,
        title=lambda count: (
            ngettext("%(count)d order awaits your approval", "%(count)d orders await your approval", count)
            % {"count": count}
        ),
        detail=_("Approve it, or return it to the curator with a comment."),
        tab="inbox",
    )


@rule(Role.CURATOR)
def orders_returned(membership):
    return _orders_step(
        membership,
        Order.Status.RETURNED,
        title=lambda count: (
            ngettext("The director returned %(count)d order", "The director returned %(count)d orders", count)
            % {"count": count}
        ),
        detail=_("Read the director's comment, correct the order and submit it again."),
        tab="drafts",
    )
