"""The person's API tokens on their profile: create (the secret shown once), list, revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scopes_disabled

from apps.core.idempotency import idempotent, mark_handled
from apps.organizations.models import CommitteeMembership, Membership, RegionMembership

from ..forms import TokenForm
from ..models import ApiToken
from ..services import api_token_create, api_token_revoke


def _workplace(user, value: str) -> dict:
    kind, _sep, pk = value.partition(":")
    with scopes_disabled():
        if kind == "o":
            membership = get_object_or_404(Membership, user=user, organization_id=pk, is_active=True)
            return {"organization": membership.organization}
    if kind == "r":
        centre = get_object_or_404(RegionMembership, user=user, region_id=pk, is_active=True)
        return {"region": centre.region}
    committee = get_object_or_404(CommitteeMembership, user=user, municipality_id=pk, is_active=True)
    return {"municipality": committee.municipality}


@idempotent
def token_list(request):
    form = TokenForm(request.POST or None, user=request.user)
    secret = None
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            token, secret = api_token_create(
                user=request.user,
                name=values["name"],
                scopes=values["scopes"],
                days=values["days"],
                **_workplace(request.user, values["workplace"]),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            # The secret is on this page only: a repeated POST goes back to the list, without it.
            mark_handled(request)
            form = TokenForm(user=request.user)
    tokens = ApiToken.objects.filter(user=request.user).select_related(
        "organization", "municipality", "region"
    )
    return render(request, "api/tokens.html", {"form": form, "tokens": tokens, "secret": secret}, status=200)


@require_POST
def token_revoke(request, token_id):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)  # only one's own
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token is revoked."))
    return redirect("api_tokens:list")
