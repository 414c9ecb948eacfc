"""The private calendar feed (/calendar/<token>.ics), public to whoever holds the token, and
the Settings buttons that make, renew and revoke its address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tafelrunde.owned import OwnerRequest
from tafelrunde.reminders.feed import (
    calendar_feed,
    feed_url,
    make_feed,
    owner_for_token,
    revoke_feed,
)


@login_not_required
@require_safe
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The account's calendar; an unknown or revoked token answers 404, as any wrong URL."""
    owner = owner_for_token(token)
    if owner is None:
        raise Http404
    content = calendar_feed(owner, timezone.localdate())
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="tafelrunde.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_POST
def feed_make(request: OwnerRequest) -> HttpResponse:
    """Makes the address when missing; with `new`, a new one that replaces the old."""
    if request.POST.get("new"):
        make_feed(request.user)
        messages.success(request, _("A new calendar address; the old one no longer works."))
    else:
        feed_url(request.user, make=True)
    return redirect(reverse("settings") + "#calendar-feed")


@require_POST
def feed_revoke(request: OwnerRequest) -> HttpResponse:
    if revoke_feed(request.user):
        messages.success(request, _("Revoked the calendar address; it no longer works."))
    return redirect(reverse("settings") + "#calendar-feed")
