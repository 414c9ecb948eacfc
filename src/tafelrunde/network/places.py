"""The one entry point from the app to the offline gazetteer: names and numbers to Places."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

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


class NoPlaceNear(ValueError):
    """No place of the index lies near the point; the message says so to the user."""


class NotAPoint(NoPlaceNear):
    """The coordinates are no numbers or lie off the globe."""


_COORDINATE_CHARS = 40  # "-48.137154000000001" and then some; longer is no coordinate


def nearest_record(latitude: str | float, longitude: str | float) -> tuple[PlaceRecord, float]:
    """The index's place nearest to a point given in degrees, and its distance in km.

    Raises NotAPoint (not numbers, off the globe) or NoPlaceNear (nothing within reach:
    the middle of the sea), with a message for the user."""
    from tafelrunde.core.gazetteer import NEAREST_RADII_KM, check_coordinates

    texts = [str(value).strip() for value in (latitude, longitude)]
    if any(not text or len(text) > _COORDINATE_CHARS for text in texts):
        raise NotAPoint(_("Give the latitude and longitude in degrees, e.g. 48.137,11.575."))
    try:
        lat, lon = float(texts[0]), float(texts[1])
    except ValueError:
        raise NotAPoint(
            _("Give the latitude and longitude in degrees, e.g. 48.137,11.575.")
        ) from None
    try:
        check_coordinates(lat, lon)
    except ValueError:
        raise NotAPoint(
            _(
                "No point on the globe: the latitude goes from -90 to 90,"
                " the longitude from -180 to 180."
            )
        ) from None
    found = gazetteer().nearest(lat, lon)
    if found is None:
        raise NoPlaceNear(
            _("No known place lies within %(km)d km of that point.") % {"km": NEAREST_RADII_KM[-1]}
        )
    return found


def record_json(record: PlaceRecord) -> dict:
    """A place of the index as `tafelrunde geocode --json` prints it."""
    return {
        "name": record.name,
        "country": record.country,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "timezone": record.timezone,
        "region": gazetteer().region_name(record),
        "population": record.population,
    }


def nearest_json(record: PlaceRecord, distance_km: float) -> dict:
    """The place nearest to a point, as `geocode --near --json` and /places/nearest give it:
    the place, how far, and a text the place fields read as this very place."""
    return {**record_json(record), "distance_km": round(distance_km, 2), "query": query_for(record)}


def query_for(record: PlaceRecord) -> str:
    """What to write into a place field for this place: its name, or with its region and
    country when the name alone means another place."""
    index = gazetteer()
    region = index.region_name(record)
    for text in (
        record.name,
        ", ".join(filter(None, (record.name, region))),
        ", ".join(filter(None, (record.name, region, record.country))),
    ):
        found = index.lookup(text)
        if found is not None and found.geonameid == record.geonameid:
            return text
    return record.name
