"""What pairs ask of curators and mentors, on their home page."""

from django.db.models import Count, F, Func, IntegerField, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.organizations.models import Organization
from apps.organizations.next_steps import NextStep, rule
from apps.organizations.roles import Role

from .models import Enrollment, Meeting, Pair
from .selectors import pairs_without_trial_decision


def _count(queryset):
    """`SELECT COUNT(*)` of the queryset, as a subquery."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    return Subquery(counted.values("n"))


@rule(Role.CURATOR)
def proposals_and_unpaired(membership):
    organization = membership.organization
    # Both counts in one query: the home page's cost does not grow with its rules.
    proposals, unpaired = (
        Organization.objects.filter(pk=organization.pk)
        .annotate(
            proposals=_count(Pair.objects.filter(organization=organization, status=Pair.Status.PROPOSED)),
            unpaired=_count(Enrollment.objects.filter(organization=organization, needs_support=True)),
        )
        .values_list("proposals", "unpaired")
        .get()
    )
    if not (proposals or unpaired):
        return None
    return NextStep(
        title=_("Pairs wait for your decision: %(proposals)d proposed, %(unpaired)d mentees without a mentor")
        % {"proposals": proposals, "unpaired": unpaired},
        detail=_("Approve or edit the proposals; the mentees without a pair need support meanwhile."),
        url=reverse("pairs:board", kwargs={"org_slug": organization.slug}),
        action=_("Open the board"),
    )


@rule(Role.CURATOR)
def trial_without_decision(membership):
    """Pairs whose trial meeting is held and nobody decided whether they go on: named."""
    organization = membership.organization
    pairs = list(pairs_without_trial_decision(organization=organization)[:10])
    if not pairs:
        return None
    count = pairs[0].total
    names = ", ".join(p.mentor.short_name for p in pairs) + (" …" if count > len(pairs) else "")
    return NextStep(
        title=ngettext(
            "%(count)d pair held its trial meeting without a decision",
            "%(count)d pairs held their trial meeting without a decision",
            count,
        )
        % {"count": count},
        detail=_("Does the pair continue, or is the mentee matched again? Mentors: %(names)s.")
        % {"names": names},
        url=reverse("pairs:pair", kwargs={"org_slug": organization.slug, "pair_id": pairs[0].pk}),
        action=_("Record the decision"),
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
