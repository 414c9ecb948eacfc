"""Where a tap on a page goes back to."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tafelrunde.owned import OwnerRequest


def back_url(request: OwnerRequest) -> str:
    """Where the tap came from, if it is one of ours; otherwise the Tonight page.

    A URL, never a view name: redirect("0") looked "0" up as a view and failed (a 5xx)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("tonight")
