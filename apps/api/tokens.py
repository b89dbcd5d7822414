"""The secret of a token: made here, stored only as its SHA-256 (it is random and long, so a
fast hash is enough, as for GitHub's tokens and the portal's survey links)."""

import hashlib
import secrets

PREFIX = "mpt_"


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
