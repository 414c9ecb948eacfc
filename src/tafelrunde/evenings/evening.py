"""The evening of a date: where it is, and the one record of it that calls are logged on."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from tafelrunde.evenings.models import Evening
from tafelrunde.network.models import Place
from tafelrunde.travel.models import Trip


class NoTripError(ValueError):
    """No place was named, and no trip includes the evening."""


class EveningElsewhereError(ValueError):
    """A place was named, and the evening of that date is already at another one."""

    def __init__(self, day: dt.date, evening_place: Place, place: Place):
        self.day, self.evening_place, self.place = day, evening_place, place
        super().__init__(
            f"The evening of {day:%Y-%m-%d} is already in {evening_place.name}, "
            f"not in {place.name}."
        )


def evening_place(owner, day: dt.date) -> Place | None:
    """Where the evening of `day` is: its evening's place if one was begun, else its trip's.

    Read-only: looking at a list (the home page, a trip ahead) must not start an evening.
    """
    evening = Evening.objects.owned_by(owner).filter(date=day).select_related("place").first()
    if evening is not None:
        return evening.place
    trip = _trip_including(owner, day)
    return trip.place if trip else None


def _trip_including(owner, day: dt.date) -> Trip | None:
    trips = Trip.objects.owned_by(owner).including(day).select_related("place")
    return trips.order_by("start").first()


def evening_for(owner, day: dt.date, place: Place | None = None) -> Evening:
    """The owner's evening of `day`, created when needed at `place` or the trip's place.

    An owner has one evening per date: when it is already at another place than `place`,
    EveningElsewhereError says so (a call is never logged at a place other than the one named).
    """
    evening = Evening.objects.owned_by(owner).filter(date=day).select_related("place").first()
    if evening is None:
        trip = _trip_including(owner, day)
        where = place or (trip.place if trip else None)
        if where is None:
            raise NoTripError(f"No trip includes {day:%Y-%m-%d}: name a place.")
        try:
            with transaction.atomic():
                return Evening.objects.create(owner=owner, date=day, place=where, trip=trip)
        except IntegrityError:  # created meanwhile by another request
            evening = Evening.objects.owned_by(owner).select_related("place").get(date=day)
    if place is not None and evening.place_id != place.pk:
        raise EveningElsewhereError(day, evening.place, place)
    return evening
