"""Reads of the API that the pages do not have in this shape."""

from django.db.models import Prefetch

from apps.participants.consents import check_consent
from apps.participants.models import Consent, Participant


def participants_filtered(
    *, organization, role: str = "", category: str = "", status: str = "", updated_since=None
):
    """The registry's people (not those anonymised by retention) with the API's filters; the
    same role rule as the registry's filter (a mentor filter finds "both" too)."""
    participants = Participant.objects.filter(organization=organization, anonymised_at__isnull=True)
    if role:
        participants = participants.filter(programme_role__in=[role, "both"])
    if category:
        participants = participants.filter(category=category)
    if status:
        participants = participants.filter(status=status)
    if updated_since is not None:
        participants = participants.filter(updated_at__gte=updated_since)
    return participants.prefetch_related(
        Prefetch(
            "consents", queryset=Consent.objects.only("participant_id", "given_by", "signed_on", "revoked_on")
        )
    )


def with_consent_state(participants: list[Participant]) -> list[Participant]:
    """`consent_ok` of a page's people, by the rule of participants.consents in Python over
    their prefetched consents: a page of 100 reads its consents in one indexed query, where
    the registry's SQL annotation would scan every consent of the organisation."""
    for participant in participants:
        consents = getattr(participant, "consents_read", None)
        if consents is None:  # one participant, not prefetched
            consents = participant.consents.all()
        participant.consent_ok = check_consent(participant, consents).valid
    return participants
