"""Trip pages: upcoming (or all) trips, add, edit and delete."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tafelrunde.formatting import place_name
from tafelrunde.owned import Owner, OwnerRequest
from tafelrunde.tonight.call_list import ranked_call_list
from tafelrunde.travel.forms import TripForm
from tafelrunde.travel.models import Trip
from tafelrunde.web.views.tonight import tonight_url

TOP_NAMES = 3  # the best names to call shown beside each trip ahead


def trip_list(request: OwnerRequest) -> HttpResponse:
    """Upcoming trips, soonest first; with ?all=1 also the past ones, latest first."""
    today = timezone.localdate()
    show_all = request.GET.get("all") == "1"
    trips = Trip.objects.owned_by(request.user).select_related("place")
    upcoming = [
        trip_ahead(request.user, trip, today)
        for trip in trips.upcoming(today).order_by("start", "id")
    ]
    past = trips.filter(end__lt=today).order_by("-start", "-id") if show_all else None
    context = {
        "upcoming": upcoming,
        "past": past,
        "show_all": show_all,
        "past_count": None if show_all else trips.filter(end__lt=today).count(),
        "today": today,
    }
    return render(request, "travel/trip_list.html", context)


@dataclass
class TripAhead:
    """A trip ahead with how many people are nearby and the best ones to call; reads as the
    trip itself everywhere else (its place, dates, hotel), so one template shows both."""

    trip: Trip
    candidate_count: int
    top_names: list[str]
    tonight_url: str

    def __getattr__(self, name: str) -> Any:
        return getattr(self.trip, name)


def trip_ahead(owner: Owner, trip: Trip, today: dt.date) -> TripAhead:
    """The trip with the people nearby on its first evening still ahead.

    One ranking of that evening gives both the count and the names, so the count here is the
    same as `tafelrunde trips` and the Tonight page show.
    """
    first_evening = max(trip.start, today)
    ranked = ranked_call_list(owner, trip.place, first_evening, limit=TOP_NAMES)
    names = [candidate.contact.full_name for candidate in ranked.candidates]
    return TripAhead(trip, ranked.total, names, tonight_url(first_evening))


def trip_create(request: OwnerRequest) -> HttpResponse:
    return _trip_form_page(request, Trip(owner=request.user))


def trip_edit(request: OwnerRequest, pk: int) -> HttpResponse:
    return _trip_form_page(request, Trip.objects.owned_by(request.user).get_or_404(pk))


def _trip_form_page(request: OwnerRequest, trip: Trip) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = TripForm(data, instance=trip)
    if form.is_valid():
        is_new = trip._state.adding
        trip = form.save_for(request.user)
        text = _("Added the trip to %(place)s.") if is_new else _("Saved the trip to %(place)s.")
        messages.success(request, text % {"place": place_name(trip.place)})
        return redirect("trip-list")
    return render(request, "travel/trip_form.html", {"form": form, "trip": trip})


@require_http_methods(["GET", "POST"])
def trip_delete(request: OwnerRequest, pk: int) -> HttpResponse:
    trip = Trip.objects.owned_by(request.user).get_or_404(pk)
    if request.method == "POST":
        trip.delete()
        text = _("Deleted the trip to %(place)s.") % {"place": place_name(trip.place)}
        messages.success(request, text)
        return redirect("trip-list")
    return render(request, "travel/trip_confirm_delete.html", {"trip": trip})
