"""The one entry point from the app to the offline gazetteer: names and numbers to Places."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from django.conf import settings

from tafelrunde.network.models import Place

if TYPE_CHECKING:
    from tafelrunde.core.gazetteer import Gazetteer, PlaceRecord

_lock = threading.Lock()
_gazetteer: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The process's gazetteer, built into the data directory on first use."""
    global _gazetteer
    with _lock:
        if _gazetteer is None:
            from tafelrunde.core.gazetteer import Gazetteer

            _gazetteer = Gazetteer.open(settings.PLACES_DIR)
        return _gazetteer


def place_for(record: PlaceRecord) -> Place:
    """The Place row for a gazetteer record, created the first time it is used."""
    place, _created = Place.objects.get_or_create(
        geonameid=record.geonameid, defaults=place_fields(record)
    )
    return place


def place_fields(record: PlaceRecord) -> dict:
    """A Place row's fields for a gazetteer record."""
    return {
        "name": record.name,
        "country": record.country,
        "admin1": record.admin1,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "timezone": record.timezone,
        "population": record.population,
    }


def find_place(query: str, **hints) -> Place | None:
    """The place a name means ("München", "Frankfurt (Oder)", "01844 Neustadt"), or None.

    Hints (country, region, postal_code, phone) choose between places of the same name.
    """
    if not query or not query.strip():
        return None
    record = gazetteer().lookup(query, **{k: v for k, v in hints.items() if v})
    return place_for(record) if record else None
