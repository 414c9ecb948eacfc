"""Making, checking and revoking personal API tokens: the one place that knows their format.

A token is "tfr_" and 43 URL-safe characters (256 random bits). Only its SHA-256 is stored,
so it can be shown exactly once; the first twelve characters stay visible to tell tokens apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.utils import timezone

from tafelrunde.api.models import ApiToken
from tafelrunde.columns import max_length
from tafelrunde.owned import Owner

TOKEN_PREFIX = "tfr_"
VISIBLE_CHARS = 12
LONGEST_TOKEN = 200  # anything longer is not one of ours: refused without hashing
# Writing last_used_at on every request would make each API call a write; once a minute is
# precise enough for "last used".
LAST_USED_PRECISION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    """A token just made: the row, and its secret, which is never shown again."""

    token: ApiToken
    secret: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(owner: Owner, name: str = "") -> NewToken:
    """A new active token for `owner`, named `name` (or "API token")."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=owner,
        name=(name.strip() or "API token")[: max_length(ApiToken, "name")],
        prefix=secret[:VISIBLE_CHARS],
        hashed=hash_secret(secret),
    )
    return NewToken(token, secret)


def tokens_of(owner: Owner):
    """The owner's tokens, newest first, revoked ones included."""
    return ApiToken.objects.owned_by(owner).order_by("-created_at", "-id")


def revoke_token(token: ApiToken) -> ApiToken:
    """Revoke the token (once: revoking again keeps the first time)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def revoke_all_tokens(owner_id: int) -> int:
    """Revoke every active token of the account; how many there were."""
    active = ApiToken.objects.filter(owner_id=owner_id, revoked_at=None)
    return active.update(revoked_at=timezone.now())


def revoke_tokens_on_new_password(sender, instance, raw=False, **kwargs) -> None:
    """A new password ends every token: whoever made one with the old password loses it.

    `_password` holds the new password from `set_password` until the save; a hash that is
    merely upgraded at login (PBKDF2 to Argon2) is saved without it and keeps the tokens.
    """
    if raw or instance.pk is None or getattr(instance, "_password", None) is None:
        return
    revoke_all_tokens(instance.pk)


def user_for_secret(secret: str) -> Owner | None:
    """The active account an active token's secret belongs to, or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > LONGEST_TOKEN:
        return None
    token = (
        ApiToken.objects.filter(hashed=hash_secret(secret), revoked_at=None)
        .select_related("owner")
        .first()
    )
    if token is None or not token.owner.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.owner
