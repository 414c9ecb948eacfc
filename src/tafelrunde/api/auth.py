"""Who calls the API: `Authorization: Bearer <token>`, a personal token, and nothing else.

The browser's login session is deliberately not accepted: a page on another site could
otherwise make a logged-in browser call the API, and every write would need CSRF checks.
"""

from __future__ import annotations

from ninja.security import HttpBearer

from tafelrunde.api.tokens import user_for_secret


class BearerToken(HttpBearer):
    """A personal API token (Settings → API tokens, or `tafelrunde token create`)."""

    def authenticate(self, request, token: str):
        user = user_for_secret(token.strip())
        if user is not None:
            request.user = user  # helpers that read request.user see the token's owner
        return user
