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
    trip = Trip.objects.owned_by(request.user).get_or_404(pk)
    if request.method == "POST" and "take_calendar" in request.POST:
        return _take_calendar_version(request, trip)
    return _trip_form_page(request, trip)


@dataclass
class CalendarNews:
    """What a synced calendar says now about a trip the user edited, or that it is gone."""

    source: str
    offered: str  # "12–14 March, Leipzig" (empty when nothing is offered)
    removed_at: dt.datetime | None


def calendar_news(trip: Trip) -> list[CalendarNews]:
    from tafelrunde.sync.models import Item

    if trip.pk is None:
        return []
    news = []
    items = Item.objects.filter(owner=trip.owner, trip=trip).select_related("collection__source")
    for item in items:
        if not item.offered and item.removed_at is None:
            continue
        offered = _offered_text(trip, item.offered) if item.offered else ""
        news.append(CalendarNews(item.collection.source.name, offered, item.removed_at))
    return news


def _offered_text(trip: Trip, offered: dict) -> str:
    from django.utils.formats import date_format

    from tafelrunde.network.models import Place

    start = dt.date.fromisoformat(offered.get("start") or trip.start.isoformat())
    end = dt.date.fromisoformat(offered.get("end") or trip.end.isoformat())
    place = trip.place
    if offered.get("place"):
        place = Place.objects.filter(pk=offered["place"]).first() or place
    if start == end:
        dates = date_format(start, "j F")
    elif (start.year, start.month) == (end.year, end.month):
        dates = f"{start.day}–{date_format(end, 'j F')}"
    else:
        dates = f"{date_format(start, 'j F')} – {date_format(end, 'j F')}"
    parts = [dates, place_name(place)]
    parts += [str(offered[f]) for f in ("title", "hotel") if offered.get(f)]
    return ", ".join(parts)


def _take_calendar_version(request: OwnerRequest, trip: Trip) -> HttpResponse:
    from django.db import transaction

    from tafelrunde.sync.models import Item
    from tafelrunde.sync.trips import set_value

    with transaction.atomic():
        for item in Item.objects.filter(owner=request.user, trip=trip).exclude(offered={}):
            for field, value in item.offered.items():
                set_value(trip, field, value)
            item.offered = {}
            item.save(update_fields=["offered"])
        if trip.end >= trip.start:
            trip.save()
    messages.success(
        request,
        _("Took the calendar's version of the trip to %(place)s.")
        % {"place": place_name(trip.place)},
    )
    return redirect("trip-edit", pk=trip.pk)


def _trip_form_page(request: OwnerRequest, trip: Trip) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = TripForm(data, instance=trip)
    if form.is_valid():
        is_new = trip._state.adding
        trip = form.save_for(request.user)
        text = _("Added the trip to %(place)s.") if is_new else _("Saved the trip to %(place)s.")
        messages.success(request, text % {"place": place_name(trip.place)})
        return redirect("trip-list")
    return render(
        request,
        "travel/trip_form.html",
        {"form": form, "trip": trip, "calendar_news": calendar_news(trip)},
    )


@require_http_methods(["GET", "POST"])
def trip_delete(request: OwnerRequest, pk: int) -> HttpResponse:
    trip = Trip.objects.owned_by(request.user).get_or_404(pk)
    if request.method == "POST":
        trip.delete()
        text = _("Deleted the trip to %(place)s.") % {"place": place_name(trip.place)}
        messages.success(request, text)
        return redirect("trip-list")
    return render(request, "travel/trip_confirm_delete.html", {"trip": trip})
