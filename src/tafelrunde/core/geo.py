"""Distances on the globe."""

from __future__ import annotations

from collections.abc import Iterable
from math import asin, cos, degrees, pi, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
RADIANS = pi / 180  # per degree, as math.radians multiplies


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = radians(lat1), radians(lat2)
    dphi, dlambda = phi2 - phi1, radians(lon2 - lon1)
    a = sin(dphi / 2) ** 2 + cos(phi1) * cos(phi2) * sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(min(1.0, sqrt(a)))


def distances_km(lat: float, lon: float, points: Iterable[tuple[float, float]]) -> list[float]:
    """haversine_km from one point to each of many (latitude, longitude) points, in order.

    The same formula, with the first point's part computed once and the functions bound
    locally: the call list measures every contact in its box this way. (x * RADIANS is what
    math.radians computes: the results are the same floats.)
    """
    phi1, lambda1 = radians(lat), radians(lon)
    cos1, diameter = cos(phi1), 2 * EARTH_RADIUS_KM
    _sin, _cos, _asin, _sqrt = sin, cos, asin, sqrt
    result: list[float] = []
    append = result.append
    for lat2, lon2 in points:
        phi2 = lat2 * RADIANS
        north = _sin((phi2 - phi1) / 2)
        east = _sin((lon2 * RADIANS - lambda1) / 2)
        a = north**2 + cos1 * _cos(phi2) * east**2
        append(diameter * _asin(_sqrt(a) if a < 1.0 else 1.0))
    return result


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) holding every point within radius_km of a point.

    Near a pole or across the 180th meridian the box spans all longitudes: it may hold
    more than the circle, never less.
    """
    angle = radius_km / EARTH_RADIUS_KM
    min_lat, max_lat = lat - degrees(angle), lat + degrees(angle)
    if min_lat <= -90 or max_lat >= 90:
        return max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0
    # The widest point of a circle is not on its centre's latitude: asin(sin r / cos lat).
    spread = degrees(asin(min(1.0, sin(angle) / cos(radians(lat)))))
    if lon - spread < -180 or lon + spread > 180:
        return min_lat, max_lat, -180.0, 180.0
    return min_lat, max_lat, lon - spread, lon + spread
