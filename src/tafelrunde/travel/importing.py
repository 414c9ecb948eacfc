"""Trips from calendar events: an event is a trip when its location is a place away from home."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from tafelrunde.columns import max_length
from tafelrunde.core.records import TripRecord
from tafelrunde.network.models import Place
from tafelrunde.owned import Owner
from tafelrunde.travel.models import Trip

# Closer to home than this is an appointment in town, not a trip.
HOME_RADIUS_KM = 30.0


def resolve_location(location: str, default_country: str) -> Place | None:
    """The place an event's LOCATION names: a full address, "City, Country" or a city."""
    from tafelrunde.core.locate import AddressHint, locate
    from tafelrunde.network.places import find_place, gazetteer, place_for

    text = " ".join(location.split())
    if not text:
        return None
    found = locate(
        [AddressHint(freetext=location)], [], gazetteer=gazetteer(), default_country=default_country
    )
    if found is not None:
        return place_for(found.place)
    place = find_place(text)
    if place is None and "," in text:  # "Hotel Adlon, Berlin" → try the parts, last first
        for part in reversed(text.split(",")):
            place = find_place(part.strip())
            if place is not None:
                break
    return place


def is_away_from_home(place: Place, home: Place | None) -> bool:
    from tafelrunde.core.geo import haversine_km

    if home is None:
        return True
    distance = haversine_km(home.latitude, home.longitude, place.latitude, place.longitude)
    return distance > HOME_RADIUS_KM


def import_trips(owner: Owner, profile, records: list[TripRecord], label: str, report) -> None:
    """Create or update (by calendar UID) the trips among the events; count what happened."""
    records = [replace(record, uid=_stored_uid(record.uid)) for record in records]
    existing = {
        t.calendar_uid: t
        for t in Trip.objects.owned_by(owner).filter(calendar_uid__in=[r.uid for r in records])
    }
    for record in records:
        place = resolve_location(record.location, profile.home_country or "DE")
        if place is None or not is_away_from_home(place, profile.home_place):
            report.events_skipped += 1
            continue
        values = {
            "place": place,
            "start": record.start,
            "end": max(record.end, record.start),
            "title": record.summary[:200],
            "hotel": _hotel(record.location),
        }
        trip = existing.get(record.uid)
        if trip is None:
            existing[record.uid] = Trip.objects.create(
                owner=owner, calendar_uid=record.uid[:255], **values
            )
            report.trips_created += 1
        elif any(getattr(trip, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(trip, key, value)
            trip.save()
            report.trips_updated += 1
        else:
            report.trips_unchanged += 1


def _stored_uid(uid: str) -> str:
    """The UID as Trip.calendar_uid keeps it: one too long for the column by its digest, so
    that importing the calendar again updates the trip instead of adding it twice."""
    if len(uid) <= max_length(Trip, "calendar_uid"):
        return uid
    return f"tafelrunde-{hashlib.sha256(uid.encode()).hexdigest()[:32]}"


def _hotel(location: str) -> str:
    first = location.split(",")[0].strip()
    return first[:200] if "hotel" in first.lower() else ""
