"""What a tap on a page answers with: where it goes back to, and the words for an evening
that is already elsewhere."""

from __future__ import annotations

from django.urls import reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tafelrunde.evenings.evening import EveningElsewhereError
from tafelrunde.formatting import place_name
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


def evening_elsewhere(exc: EveningElsewhereError) -> str:
    """ "The evening of 12 March is already in Dresden, not in Leipzig." """
    message = _("The evening of %(date)s is already in %(evening)s, not in %(place)s.")
    where = {"evening": place_name(exc.evening_place), "place": place_name(exc.place)}
    return message % {"date": formats.date_format(exc.day), **where}
