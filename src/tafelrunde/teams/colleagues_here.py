"""Colleagues in the same place: those who share their trips and are within the radius on
the evening ("Anna is in Dresden from … to …: dine together, or split the list")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tafelrunde.core.geo import haversine_km
from tafelrunde.network.models import Place
from tafelrunde.teams.sharing import Colleague
from tafelrunde.travel.models import Trip


@dataclass
class ColleagueHere:
    """A colleague whose shared trip includes the evening near the same place."""

    name: str
    email: str
    place: Place
    start: dt.date
    end: dt.date

    def as_json(self) -> dict:
        return {
            "colleague": self.name,
            "place": self.place.as_json(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def colleagues_here(
    colleagues: dict[int, Colleague], place: Place, day: dt.date, radius_km: float = 50
) -> list[ColleagueHere]:
    """Colleagues who share their trips and are within the radius on that evening."""
    sharing = [pk for pk, colleague in colleagues.items() if colleague.trips]
    if not sharing:
        return []
    trips = Trip.objects.filter(owner_id__in=sharing, start__lte=day, end__gte=day).select_related(
        "place"
    )
    here = [
        ColleagueHere(
            colleagues[trip.owner_id].name,
            colleagues[trip.owner_id].email,
            trip.place,
            trip.start,
            trip.end,
        )
        for trip in trips.order_by("start", "id")
        if haversine_km(place.latitude, place.longitude, trip.place.latitude, trip.place.longitude)
        <= radius_km
    ]
    return list({entry.name: entry for entry in here}.values())
