"""The home page: where the owner is today, what comes next, and the way into the network."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tafelrunde.accounts.models import profile_for
from tafelrunde.network.models import Contact
from tafelrunde.owned import Owner, OwnerRequest
from tafelrunde.travel.models import Trip
from tafelrunde.web.views.timeline import keeping_in_touch_counts
from tafelrunde.web.views.tonight import todays_list_context

UPCOMING_TRIPS_SHOWN = 5


def home(request: OwnerRequest) -> HttpResponse:
    """Greeting, today's trip with tonight's call list, the next trips and the network."""
    today = timezone.localdate()
    context = home_context(request.user, today)
    if context["current_trip"]:
        context |= todays_list_context(request, today)
    return render(request, "web/home.html", context)


def home_context(user: Owner, today: dt.date) -> dict:
    """What the home page shows for `user` on `today`."""
    trips = Trip.objects.owned_by(user).select_related("place")
    current_trip = trips.including(today).order_by("start", "id").first()
    upcoming = trips.filter(start__gt=today).order_by("start", "id")[:UPCOMING_TRIPS_SHOWN]
    counts = Contact.objects.owned_by(user).aggregate(contacts=Count("id"), located=Count("place"))
    return {
        "display_name": profile_for(user).display_name,
        "today": today,
        "current_trip": current_trip,
        "upcoming_trips": list(upcoming),
        "contact_count": counts["contacts"],
        "located_count": counts["located"],
        **keeping_in_touch_counts(user, today),
    }
