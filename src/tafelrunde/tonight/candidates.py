"""Who is near a place: an indexed bounding-box query per owner, then the exact distance."""

from __future__ import annotations

from dataclasses import dataclass

from tafelrunde.network.models import Contact, Place
from tafelrunde.owned import Owner

DEFAULT_RADIUS_KM = 50


@dataclass
class Nearby:
    contact: Contact
    distance_km: float


def contacts_in_box(owner: Owner, place: Place, radius_km: float = DEFAULT_RADIUS_KM):
    """Contacts of the owner that may be within the radius (a superset), never do-not-invite."""
    from tafelrunde.core.geo import bounding_box

    min_lat, max_lat, min_lon, max_lon = bounding_box(place.latitude, place.longitude, radius_km)
    return Contact.objects.filter(
        owner=owner,
        latitude__gte=min_lat,
        latitude__lte=max_lat,
        longitude__gte=min_lon,
        longitude__lte=max_lon,
        do_not_invite=False,
    )


def contacts_near(owner: Owner, place: Place, radius_km: float = DEFAULT_RADIUS_KM) -> list[Nearby]:
    """Contacts within radius_km of the place, nearest first."""
    from tafelrunde.core.geo import haversine_km

    found = []
    for contact in contacts_in_box(owner, place, radius_km):
        distance = haversine_km(
            place.latitude, place.longitude, contact.latitude, contact.longitude
        )
        if distance <= radius_km:
            found.append(Nearby(contact, distance))
    found.sort(key=lambda n: (n.distance_km, n.contact.full_name))
    return found
