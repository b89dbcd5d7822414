"""Tokens are created and revoked by their person, each leaving an audit entry in the
workplace the token acts in (a regional centre's: with neither organisation nor municipality,
as the region's own edits)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import log_action

from .models import ApiToken
from .tokens import new_secret, secret_hash

MAX_LIFETIME_DAYS = 366


def _log(token: ApiToken, action: str, *, actor, data: dict | None = None) -> None:
    log_action(
        organization=token.organization,
        municipality=token.municipality,
        actor=actor,
        action=action,
        target=token,
        data=data,
    )


@transaction.atomic
def api_token_create(
    *,
    user,
    name: str,
    scopes: list[str],
    days: int,
    organization=None,
    municipality=None,
    region=None,
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is never stored and never shown again."""
    if [organization, municipality, region].count(None) != 2:
        raise ValidationError(_("A token acts in one organisation, one committee or one regional centre."))
    if not 1 <= days <= MAX_LIFETIME_DAYS:
        raise ValidationError(
            {"days": _("A token lives from 1 to %(days)d days.") % {"days": MAX_LIFETIME_DAYS}}
        )
    scopes = sorted(set(scopes))
    if not scopes or not set(scopes) <= set(ApiToken.Scope.values):
        raise ValidationError({"scopes": _("Choose what the token may do: read, write.")})
    if municipality is not None and ApiToken.Scope.WRITE in scopes:
        raise ValidationError({"scopes": _("A committee's token only reads.")})
    # The regional centre reads aggregates and keeps its forms on the pages only: the API has
    # nothing for it to write.
    if region is not None and ApiToken.Scope.WRITE in scopes:
        raise ValidationError({"scopes": _("A regional centre's token only reads.")})
    secret = new_secret()
    token = ApiToken(
        user=user,
        organization=organization,
        municipality=municipality,
        region=region,
        name=name.strip()[:100],
        prefix=secret[:12],
        key_hash=secret_hash(secret),
        scopes=scopes,
        expires_at=timezone.now() + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    _log(token, "api.token_created", actor=user, data={"scopes": scopes})
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:  # a second click changes nothing
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        _log(token, "api.token_revoked", actor=actor)
    return token


def api_personal_read(*, token: ApiToken, actor, resource: str, rows: int) -> None:
    """An API read of personal data: who read what through which token, never the values."""
    _log(token, "api.personal_data_read", actor=actor, data={"resource": resource, "rows": rows})
