"""Where a contact is, from their addresses and phone numbers, and how sure that is."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tafelrunde.core.gazetteer import Gazetteer, PlaceRecord, Resolution
from tafelrunde.core.place_names import country_code as country_code  # for address imports
from tafelrunde.core.place_names import parse_place_query

ADDRESS, PHONE = "address", "phone"
# How sure each way of finding a place is; a name that fits another place as well costs more.
_CITY, _FREETEXT, _POSTAL_CODE_ONLY, _LANDLINE = 0.9, 0.8, 0.6, 0.5
_AMBIGUITY_PENALTY = 0.2
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


def locate(
    addresses: list[AddressHint],
    phones: list[str],
    *,
    gazetteer: Gazetteer,
    default_country: str = "DE",
) -> Location | None:
    """The contact's place: an address's city (0.9, 0.7 when the name is ambiguous), else a
    one-line address's postal code and city (0.8), else a bare postal code (0.6), else the
    first landline's area code (0.5); None when nothing tells."""
    for find in (_by_city, _by_freetext, _by_postal_code):
        for address in addresses:
            if found := find(address, gazetteer, default_country):
                return found
    for number in phones:
        if place := gazetteer.from_phone(number, default_country):
            return Location(place, PHONE, _LANDLINE)
    return None


def _by_city(address: AddressHint, gazetteer: Gazetteer, home: str) -> Location | None:
    if not address.city.strip():
        return None
    hints = {"country": address.country, "postal_code": address.postal_code}
    found = gazetteer.resolve(address.city, region=address.region, default_country=home, **hints)
    if found is None and address.region:  # address books get regions wrong more than cities
        found = gazetteer.resolve(address.city, default_country=home, **hints)
    return _address_location(found, _CITY)


def _by_freetext(address: AddressHint, gazetteer: Gazetteer, home: str) -> Location | None:
    """A whole address in one field: "Hauptstraße 5, 01067 Dresden", or lines of it."""
    texts = [address.freetext]
    if _PARTS.search(address.street):  # Google puts the whole address into the street field
        texts.append(address.street)
    for text in filter(str.strip, texts):
        found = gazetteer.resolve(text, country=address.country or None, default_country=home)
        if found is None and not parse_place_query(text).postal_code:
            found = _last_named_line(text, address, gazetteer, home)
        if found:
            return _address_location(found, _FREETEXT)
    return None


def _last_named_line(
    text: str, address: AddressHint, gazetteer: Gazetteer, home: str
) -> Resolution | None:
    """Without a postal code the city is usually the last line that is not a country."""
    for part in reversed([p.strip() for p in _PARTS.split(text)][1:]):
        if part and not any(ch.isdigit() for ch in part):
            found = gazetteer.resolve(part, country=address.country or None, default_country=home)
            if found:
                return found
    return None


def _by_postal_code(address: AddressHint, gazetteer: Gazetteer, home: str) -> Location | None:
    if not address.postal_code.strip():
        return None
    found = gazetteer.resolve(
        "", postal_code=address.postal_code, country=address.country or None, default_country=home
    )
    return _address_location(found, _POSTAL_CODE_ONLY)


def _address_location(found: Resolution | None, confidence: float) -> Location | None:
    if found is None:
        return None
    if found.ambiguous:
        confidence -= _AMBIGUITY_PENALTY
    return Location(found.place, ADDRESS, round(confidence, 2))
