"""Login throttling: whose failures django-axes counts, and the page after too many."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

# django-axes keeps the attempted username in a column of this size; a longer one (the login
# form does not limit it) was a server error on PostgreSQL.
USERNAME_LENGTH = 255


def attempted_username(request, credentials=None) -> str | None:
    """The username whose failed logins django-axes counts, cut to fit its column."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if not isinstance(username, str):
        return username
    return username.replace("\x00", "")[:USERNAME_LENGTH]


def locked_out(request, original_response=None, credentials=None):
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
