"""Reading the postal codes of countrystatecity-postal-codes, and placing a code by its
neighbours: codes that begin alike lie near each other (01594 lies by 01591).

Part of building the place index (tafelrunde.core.gazetteer_build).
"""

from __future__ import annotations

import bisect
import json
import re
import statistics
from collections import defaultdict
from pathlib import Path

from tafelrunde.core.geo import haversine_km

STRAY_KM = 150  # a place found by name this far from its code's neighbours is another one


def postal_files() -> list[Path]:
    import countrystatecity_postal_codes

    data = Path(countrystatecity_postal_codes.__file__).parent / "data" / "by-country"
    return list(data.glob("*/postcodes.json"))


def drop_strays(sure: dict[str, tuple[float, float, str]], by_point: set[str]) -> None:
    """Forget the places found by name that lie far from the other codes that begin alike
    (a namesake in another part of a large region)."""
    groups: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for code, (latitude, longitude, _tz) in sure.items():
        groups[code[:2]].append((latitude, longitude))
    centres = {
        start: (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
        for start, points in groups.items()
    }
    for code in [code for code in sure if code not in by_point]:
        if haversine_km(*sure[code][:2], *centres[code[:2]]) > STRAY_KM:
            del sure[code]


def nearest(code: str, known: list[str], sure: dict) -> tuple:
    """Where the nearest known code's place is, or () when the country knows none."""
    return sure[nearest_code(code, known)] if known else ()


def nearest_code(code: str, known: list[str]) -> str:
    """The known code that shares the longest start with `code` (01594 → 01591): postal
    codes that begin alike lie near each other."""
    at = bisect.bisect_left(known, code)
    around = known[max(0, at - 1) : at + 1]
    return max(around, key=lambda other: _shared_start(code, other))


def _shared_start(a: str, b: str) -> int:
    pairs = enumerate(zip(a, b, strict=False))
    return next((at for at, (x, y) in pairs if x != y), min(len(a), len(b)))


def display_name(locality: str) -> str:
    """The locality as a place name: "Hirschstein"; "ARANC" as "Aranc"."""
    if locality.isupper():
        return re.sub(r"[^\W\d_]+", lambda m: m[0].capitalize(), locality.lower())
    return locality


def read_postal_file(path: Path) -> list[tuple[str, str, str, float | None, float | None]]:
    # Tuples instead of dicts keep the peak memory of the biggest file modest.
    with open(path, encoding="utf-8") as f:
        rows = json.load(
            f,
            object_hook=lambda o: (
                o.get("code"),
                o.get("stateCode"),
                o.get("localityName"),
                o.get("latitude"),
                o.get("longitude"),
            ),
        )
    return [
        (str(code), state or "", (locality or "").strip(), _coordinate(lat), _coordinate(lon))
        for code, state, locality, lat, lon in rows
        if code
    ]


def _coordinate(value) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
