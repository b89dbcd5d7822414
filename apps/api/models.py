"""Personal API tokens and the answers of creating requests sent with an Idempotency-Key.

A token belongs to a person and acts with their role in one workplace: an organisation, a
committee or a regional centre (exactly one of `organization`, `municipality`, `region`).
Only the SHA-256 of the secret is stored; the secret is shown once, when the token is created.
Tokens are a person's, not a tenant's (like notifications): the profile page lists them by
the signed-in user.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Write")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    municipality = models.ForeignKey(
        "organizations.Municipality", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # A regional centre's token reads the region's aggregates only (never writes).
    region = models.ForeignKey(
        "organizations.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the secret, so that a person recognises a token in the list.
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organization__isnull=False, municipality__isnull=True, region__isnull=True)
                    | models.Q(organization__isnull=True, municipality__isnull=False, region__isnull=True)
                    | models.Q(organization__isnull=True, municipality__isnull=True, region__isnull=False)
                ),
                name="api_token_one_workplace",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def owner(self):
        return self.organization or self.municipality or self.region

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def allows(self, scope: str) -> bool:
        return scope in self.scopes


class IdempotentRequest(models.Model):
    """The first answer to a creating POST sent with an `Idempotency-Key`: a repeat gets it
    again. The key is a hash of the token, the address and the client's key."""

    key = models.CharField(max_length=64, unique=True)
    status_code = models.PositiveSmallIntegerField(default=0)
    body = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    location = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
