"""The personal links of survey invitations.

A token is a random value signed with a timestamp (django.core.signing.TimestampSigner,
its own salt): tampering breaks the signature, age beyond MAX_VALID_DAYS fails the check.
The database keeps only the SHA-256 of the token, so that a copy of the database gives
no working link; the invitation's own `expires_at` and `used_at` make it expire earlier
and work once. Nothing here logs a token.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core import signing

SALT = "apps.surveys.invitation"
DEFAULT_VALID_DAYS = 30
MAX_VALID_DAYS = 90
# For pages whose address or content holds a token: a Referer carries the origin only, never
# the path. Not "no-referrer": browsers then send "Origin: null" with the page's own form,
# which Django's CSRF check refuses.
REFERRER_POLICY = "strict-origin"


class InvalidToken(Exception):
    """Not a token of ours: tampered, truncated, or signed for something else."""


class ExpiredToken(Exception):
    """A genuine token older than any invitation can be valid."""


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def token_make() -> str:
    return _signer().sign(secrets.token_urlsafe(18))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_check(token: str) -> str:
    """The hash to look the invitation up by; raises InvalidToken or ExpiredToken."""
    try:
        _signer().unsign(token, max_age=timedelta(days=MAX_VALID_DAYS))
    except signing.SignatureExpired:
        raise ExpiredToken from None  # the message would quote the signature
    except signing.BadSignature:
        raise InvalidToken from None
    return token_hash(token)


class InvitationUnavailable(Exception):
    """A personal link that cannot be answered; `reason` says which of these is why."""

    INVALID = "invalid"  # tampered, unknown, or signed for something else
    EXPIRED = "expired"
    USED = "used"
    CLOSED = "closed"  # the form was closed by the curator
    ANSWERED = "answered"  # the person already answered this form and stage another way

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
