"""Places as the API shows them, and place names as it reads them."""

from __future__ import annotations

from ninja import Schema

from tafelrunde.api.errors import invalid
from tafelrunde.network.models import Place
from tafelrunde.network.places import find_place


class PlaceOut(Schema):
    name: str
    country: str
    latitude: float
    longitude: float
    timezone: str


def place_named(text: str, loc: tuple) -> Place:
    """The place a name means ("München", "Muenchen", "Munich"), or a 422 at `loc`."""
    place = find_place(text)
    if place is None:
        raise invalid(loc, f"No place called {text.strip()!r} is known.", "unknown_place")
    return place
