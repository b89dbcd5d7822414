"""A participant's portal account, from their card: invite the person, link a member of the
team, or unlink. Linked, a mentor sees the pairs of their participant record and no other."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.core.idempotency import idempotent
from apps.organizations.models import Membership
from apps.organizations.views_base import tenant_view, validation_error_text
from apps.participants.models import Participant

from .services import accounts


def _linkable_members(participant):
    """Active members of the team not linked to another participant of the organisation."""
    taken = (
        Participant.objects.filter(organization=participant.organization, account__isnull=False)
        .exclude(pk=participant.pk)
        .values("account_id")
    )
    return (
        Membership.objects.filter(organization=participant.organization, is_active=True)
        .exclude(user_id__in=taken)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


@require_http_methods(["GET", "POST"])
@tenant_view(permission="participants.accounts")
@idempotent
def participant_account(request, org_slug, participant_id):
    participant = get_object_or_404(Participant.objects.select_related("account"), pk=participant_id)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "invite":
                participant = accounts.participant_account_invite(participant=participant, actor=request.user)
                messages.success(
                    request,
                    _("%(name)s is invited: a link to set a password is sent to %(email)s.")
                    % {"name": participant.full_name, "email": participant.account.email},
                )
            elif action == "link":
                membership = get_object_or_404(
                    _linkable_members(participant), pk=request.POST.get("membership") or 0
                )
                accounts.participant_account_link(
                    participant=participant, user=membership.user, actor=request.user
                )
                messages.success(request, _("The account is linked to the participant."))
            elif action == "unlink":
                accounts.participant_account_unlink(participant=participant, actor=request.user)
                messages.success(request, _("The account is unlinked; its access to the pairs is withdrawn."))
            else:
                messages.error(request, _("Choose what to do."))
        except ValidationError as error:
            messages.error(request, validation_error_text(error))
        return redirect("pairs:participant_account", org_slug=org_slug, participant_id=participant.pk)
    return render(
        request,
        "pairs/participant_account.html",
        {
            "participant": participant,
            "adult": accounts.is_adult(participant),
            "members": list(_linkable_members(participant)) if participant.account_id is None else [],
        },
    )
