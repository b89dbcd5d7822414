"""Personal links: the invitation a token opens."""

from django_scopes import scopes_disabled

from ..models import SurveyInvitation, SurveyResponse
from ..tokens import ExpiredToken, InvalidToken, InvitationUnavailable, token_check


def invitation_by_token(token: str) -> SurveyInvitation:
    """The invitation of a personal link, ready to be answered, or InvitationUnavailable.

    The link is opened outside any organisation: the token alone finds the invitation
    (by its hash), and the caller then works inside the invitation's organisation.
    """
    try:
        digest = token_check(token)
    except ExpiredToken:
        raise InvitationUnavailable(InvitationUnavailable.EXPIRED) from None
    except InvalidToken:
        raise InvitationUnavailable(InvitationUnavailable.INVALID) from None
    with scopes_disabled():
        invitation = (
            SurveyInvitation.objects.select_related("organization", "form", "programme", "participant")
            .filter(token_hash=digest)
            .first()
        )
        if invitation is None:
            raise InvitationUnavailable(InvitationUnavailable.INVALID)
        if invitation.used_at is not None:
            raise InvitationUnavailable(InvitationUnavailable.USED)
        if invitation.is_expired:
            raise InvitationUnavailable(InvitationUnavailable.EXPIRED)
        if not invitation.form.is_active:
            raise InvitationUnavailable(InvitationUnavailable.CLOSED)
        answered_otherwise = SurveyResponse.objects.filter(
            form=invitation.form_id,
            programme=invitation.programme_id,
            respondent=invitation.participant_id,
            stage=invitation.stage,
        ).exists()
    if answered_otherwise:
        raise InvitationUnavailable(InvitationUnavailable.ANSWERED)
    return invitation
