"""What pairs ask of curators and mentors, on their home page."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.organizations.next_steps import NextStep, rule
from apps.organizations.roles import Role

from .models import Enrollment, Meeting, Pair


@rule(Role.CURATOR)
def proposals_and_unpaired(membership):
    organization = membership.organization
    proposals = Pair.objects.filter(organization=organization, status=Pair.Status.PROPOSED).count()
    unpaired = Enrollment.objects.filter(organization=organization, needs_support=True).count()
    if not (proposals or unpaired):
        return None
    return NextStep(
        title=_("Pairs wait for your decision: %(proposals)d proposed, %(unpaired)d mentees without a mentor")
        % {"proposals": proposals, "unpaired": unpaired},
        detail=_("Approve or edit the proposals; the mentees without a pair need support meanwhile."),
        url=reverse("pairs:board", kwargs={"org_slug": organization.slug}),
        action=_("Open the board"),
    )


@rule(Role.MENTOR)
def feedback_missing(membership):
    """Meetings of the mentor's own pairs where some attendee's feedback is missing."""
    meetings = (
        Meeting.objects.filter(organization=membership.organization, pair__mentor__account=membership.user)
        .annotate(
            attendee_count=Count("attendees", distinct=True), feedback_count=Count("feedback", distinct=True)
        )
        .filter(~Q(attendee_count=0))
    )
    count = sum(1 for m in meetings if m.feedback_count < m.attendee_count)
    if not count:
        return None
    return NextStep(
        title=ngettext("%(count)d meeting lacks feedback", "%(count)d meetings lack feedback", count)
        % {"count": count},
        detail=_("Feedback after each meeting is mandatory: record yours and your mentees'."),
        url=reverse("pairs:my_pairs", kwargs={"org_slug": membership.organization.slug}),
        action=_("My pairs"),
    )
