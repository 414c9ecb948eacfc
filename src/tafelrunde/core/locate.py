"""Where a contact is, from their addresses and phone numbers, and how sure that is.

Every hint counts: an address's postal code (checked against its city name), its city
with region and country, the city alone, and a landline's area code. A place that another
hint contradicts (a namesake in another region than the address says, or 300 km from the
postal code or the area code) is never taken with confidence: the place that agrees with
the other hints is taken instead, or the place is kept as approximate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tafelrunde.core.gazetteer import Gazetteer, PlaceRecord, is_postal_place
from tafelrunde.core.geo import haversine_km
from tafelrunde.core.place_names import country_code as country_code  # for address imports
from tafelrunde.core.place_names import parse_place_query

ADDRESS, PHONE = "address", "phone"
# How sure each way of finding a place is.
_POSTAL_AND_CITY = 0.95  # the postal code's own place has the city's name
_CITY = 0.9  # the city, alone or with region and country, and nothing against it
_FREETEXT = 0.8  # a whole address in one field
_POSTAL_CODE_ONLY = 0.7  # no city (or none known): the postal code's place
_AGREEING_HINTS = 0.6  # the city's name said otherwise; the other hints agree on this place
_LANDLINE = 0.5
_CONTRADICTED = 0.3  # hints disagree and none of them wins: approximate
_AMBIGUITY_PENALTY = 0.2  # the name fits another place as well
# A place known only from postal data has coordinates of its postal area at best.
_POSTAL_PLACE_AT_MOST = 0.7
APPROXIMATE_BELOW = 0.6  # confidence under which a place is called approximate
_FAR_KM = 300  # farther than this from a postal code's or area code's place contradicts it
_PARTS = re.compile(r"[,;\n]+")


@dataclass(frozen=True)
class AddressHint:
    """An address as a contact source wrote it; any field may be empty."""

    street: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""
    country: str = ""  # a code or a name: "DE", "Deutschland", "USA", "United States"
    freetext: str = ""  # the whole address as one text, when that is all there is


@dataclass(frozen=True)
class Location:
    place: PlaceRecord
    method: str  # ADDRESS or PHONE
    confidence: float  # 0..1

    @property
    def approximate(self) -> bool:
        return self.confidence < APPROXIMATE_BELOW


def locate(
    addresses: list[AddressHint],
    phones: list[str],
    *,
    gazetteer: Gazetteer,
    default_country: str = "DE",
) -> Location | None:
    """The contact's place from the first address that names one (an address no hint
    contradicts is preferred), else the first landline's area code; None when nothing
    tells. The confidence says how much the hints agree."""
    phone_place = next((p for n in phones if (p := gazetteer.from_phone(n, default_country))), None)
    found = [
        location
        for address in addresses
        if (location := _from_address(address, phone_place, gazetteer, default_country))
    ]
    if trusted := [location for location in found if not location.approximate]:
        return trusted[0]
    if phone_place and not found:
        return Location(phone_place, PHONE, _LANDLINE)
    return found[0] if found else None


@dataclass(frozen=True)
class _Hints:
    """What the rest of an address and the phones say, to check a place against."""

    postal: list[PlaceRecord]  # the postal code's places
    region: str  # as written; "" when none or not known as a region
    phone: PlaceRecord | None

    def contradict(self, place: PlaceRecord, gazetteer: Gazetteer) -> bool:
        if self.region and not gazetteer.in_region(place, self.region):
            return True
        if self.postal and all(
            p.geonameid != place.geonameid and _km(p, place) > _FAR_KM for p in self.postal
        ):
            return True
        return bool(self.phone and _km(self.phone, place) > _FAR_KM)


def _from_address(
    address: AddressHint, phone: PlaceRecord | None, gazetteer: Gazetteer, home: str
) -> Location | None:
    for parts, confidence in _readings(address):
        if found := _locate_parts(parts, phone, gazetteer, home, confidence):
            return found
    return None


def _readings(address: AddressHint):
    """The address as fields, then each one-line form of it (a whole address in the street
    field, as Google writes it), with the confidence each reading deserves."""
    if address.city.strip() or address.postal_code.strip():
        yield address, _CITY
    texts = [address.freetext]
    if _PARTS.search(address.street):
        texts.append(address.street)
    for text in filter(str.strip, texts):
        query = parse_place_query(text)
        country = query.country or address.country
        yield AddressHint(postal_code=query.postal_code, city=query.name, region=query.region,
                          country=country), _FREETEXT  # fmt: skip
        if not query.postal_code:  # without a postal code the city is usually the last line
            for line in reversed([p.strip() for p in _PARTS.split(text)][1:]):
                if line and not any(ch.isdigit() for ch in line):
                    yield AddressHint(city=line, country=address.country), _FREETEXT


def _locate_parts(
    address: AddressHint, phone: PlaceRecord | None, gazetteer: Gazetteer, home: str, best: float
) -> Location | None:
    country = address.country.strip() or None
    code, city = address.postal_code.strip(), address.city.strip()
    postal = gazetteer.postal_places(code, country=country, default_country=home) if code else []
    region = address.region.strip() if gazetteer.is_region(address.region) else ""
    hints = _Hints(postal, region, phone)
    if city:
        found = gazetteer.resolve(
            city, country=country, region=region or None, postal_code=code or None,
            default_country=home,
        )  # fmt: skip
        if found and not hints.contradict(found.place, gazetteer):
            in_postal = any(p.geonameid == found.place.geonameid for p in postal)
            confidence = _POSTAL_AND_CITY if in_postal and best == _CITY else best
            return _location(found.place, confidence - _AMBIGUITY_PENALTY * found.ambiguous)
        # The city's name points elsewhere than the other hints: a namesake that agrees
        # with them, else the postal code's own place.
        namesakes = gazetteer.candidates(city, country=country, default_country=home)
        for place in [*namesakes, *postal]:
            if not hints.contradict(place, gazetteer):
                return _location(place, _AGREEING_HINTS)
        if found or namesakes:
            return _location(found.place if found else namesakes[0], _CONTRADICTED)
    if postal:
        place = min(postal, key=is_postal_place)  # a GeoNames place before a postal district
        agrees = not hints.contradict(place, gazetteer)
        return _location(place, _POSTAL_CODE_ONLY if agrees else _CONTRADICTED)
    return None


def _location(place: PlaceRecord, confidence: float) -> Location:
    if is_postal_place(place):
        confidence = min(confidence, _POSTAL_PLACE_AT_MOST)
    return Location(place, ADDRESS, round(confidence, 2))


def _km(a: PlaceRecord, b: PlaceRecord) -> float:
    return haversine_km(a.latitude, a.longitude, b.latitude, b.longitude)
