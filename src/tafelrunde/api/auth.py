"""Who calls the API: `Authorization: Bearer <token>`, a personal token, and nothing else.

The browser's login session is deliberately not accepted: a page on another site could
otherwise make a logged-in browser call the API, and every write would need CSRF checks.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from tafelrunde.api.tokens import user_for_secret
from tafelrunde.owned import Owner


class TokenRequest(HttpRequest):
    """A request to an API operation: BearerToken let it in, so `auth` (and `user`) is the
    account the token belongs to."""

    auth: Owner
    user: Owner


class BearerToken(HttpBearer):
    """A personal API token (Settings → API tokens, or `tafelrunde token create`)."""

    def authenticate(self, request: HttpRequest, token: str) -> Owner | None:
        user = user_for_secret(token.strip())
        if user is not None:
            request.user = user  # helpers that read request.user see the token's owner
        return user
