"""Reads of events, contests and letters, each page in a constant number of queries."""

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django_scopes import scopes_disabled

from apps.core.academic_year import academic_year_of
from apps.organizations.models import Organization

from .models import Contest, Event, Invitation, LetterBatch, Nominee, Score


def academic_year_bounds(day: date | None = None) -> tuple[date, date]:
    """1 September to 31 August of the academic year holding `day` (today)."""
    day = day or timezone.localdate()
    start = academic_year_of(day)
    return date(start, 9, 1), date(start + 1, 8, 31)


def _own(model, owner) -> QuerySet:
    if isinstance(owner, Organization):
        return model.objects.filter(organization=owner)
    return model.objects.filter(organization__isnull=True, municipality=owner)


def owner_events(owner) -> QuerySet:
    return _own(Event, owner).annotate(
        invited=Count("invitations"), attended=Count("invitations", filter=Q(invitations__attended=True))
    )


def owner_event(owner, event_id: int) -> Event:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        _own(Event, owner).select_related("activity", "organization", "municipality"), pk=event_id
    )


def attendance_rows(event: Event) -> list[Invitation]:
    """The checklist: one query, however many are invited."""
    return list(
        event.invitations.order_by("name", "pk").only("pk", "event_id", "name", "via", "attended", "user_id")
    )


def my_invitations(*, organization: Organization, user) -> list[Invitation]:
    """The member's invitations in the organisation, and to its committee's events (a
    committee invites organisations' curators): those rows are read outside the organisation's
    scope, by the user's own account."""
    with scopes_disabled():
        return list(
            Invitation.objects.filter(
                Q(organization=organization, participant__account=user)
                | Q(organization=organization, user=user)
                | Q(organization__isnull=True, municipality_id=organization.municipality_id, user=user)
            )
            .select_related("event__municipality")
            .order_by("-event__starts_at")
        )


def owner_contests(owner) -> list[Contest]:
    """An organisation's own contests, and its municipality's contests (it proposes nominees
    to them); a committee's own. The municipality's rows are read outside the organisation's
    scope, filtered by its municipality."""
    own = list(_own(Contest, owner).annotate(nominee_count=Count("nominees")))
    if isinstance(owner, Organization):
        with scopes_disabled():
            own += list(
                Contest.objects.filter(
                    organization__isnull=True, municipality_id=owner.municipality_id
                ).annotate(nominee_count=Count("nominees", filter=Q(nominees__organization=owner)))
            )
    return own


def contest_for(owner, contest_id: int) -> Contest:
    """The owner's contest, or (for an organisation) its municipality's; else 404."""
    from django.http import Http404

    contest = _own(Contest, owner).filter(pk=contest_id).first()
    if contest is None and isinstance(owner, Organization):
        with scopes_disabled():
            contest = (
                Contest.objects.filter(
                    pk=contest_id, organization__isnull=True, municipality_id=owner.municipality_id
                )
                .select_related("municipality")
                .first()
            )
    if contest is None:
        raise Http404
    return contest


def contest_nominees(contest: Contest, owner) -> list[Nominee]:
    """The nominees the owner may see: the contest owner sees all; an organisation looking at
    its municipality's contest sees its own proposals only."""
    nominees = Nominee.objects.filter(contest=contest)
    if isinstance(owner, Organization) and contest.organization_id is None:
        nominees = nominees.filter(organization=owner)
    return list(
        nominees.select_related("nomination", "organization")
        .annotate(total=Sum("scores__points"))
        .order_by("nomination__position", "place", "name", "pk")
    )


def scoring_state(contest: Contest) -> dict:
    """How many votes are in and whether every juror has scored every nominee: the totals are
    shown only then."""
    jurors = contest.jury.count()
    nominees = contest.nominees.count()
    votes = Score.objects.filter(nominee__contest=contest).count()
    expected = jurors * nominees * len(contest.criteria)
    return {
        "jurors": jurors,
        "votes": votes,
        "expected": expected,
        "complete": jurors > 0 and votes >= expected > 0,
    }


def juror_scores(contest: Contest, juror) -> dict[int, dict[int, int]]:
    scores = {}
    for nominee_id, criterion, points in Score.objects.filter(
        nominee__contest=contest, juror=juror
    ).values_list("nominee_id", "criterion", "points"):
        scores.setdefault(nominee_id, {})[criterion] = points
    return scores


def owner_letter_batches(owner) -> QuerySet:
    return _own(LetterBatch, owner).annotate(letter_count=Count("letters"))


def owner_letter_batch(owner, batch_id: int) -> LetterBatch:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(_own(LetterBatch, owner).prefetch_related(Prefetch("letters")), pk=batch_id)


def upcoming_invitations(owner, first_day: date, last_day: date) -> list[dict]:
    """The invitations to the owner's planned events starting between the two days, with the
    invitee's account (a member's own, or the linked participant's): the reminders' rows."""
    with scopes_disabled():  # the scope is set when a queryset is made: make it in here
        events = _own(Event, owner)
        if isinstance(owner, Organization):
            # Its members are invited to its committee's events too (the curators, by the committee).
            events = Event.objects.filter(
                Q(organization=owner) | Q(organization__isnull=True, municipality_id=owner.municipality_id)
            )
        return _invitation_rows(events, first_day, last_day)


def _invitation_rows(events, first_day: date, last_day: date) -> list[dict]:
    return list(
        Invitation.objects.filter(
            event__in=events.filter(
                status=Event.Status.PLANNED,
                starts_at__date__gte=first_day,
                starts_at__date__lte=last_day,
            )
        )
        .filter(Q(user__isnull=False) | Q(participant__account__isnull=False))
        .values(
            "pk",
            "user_id",
            "participant__account_id",
            "event_id",
            "event__title",
            "event__starts_at",
            "event__place",
            "event__online_link",
        )
        .order_by("event__starts_at", "pk")
    )
