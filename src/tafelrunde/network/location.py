"""Where a contact is: found from their addresses, else a landline's area code."""

from __future__ import annotations

from tafelrunde.network.models import Contact, LocationSource
from tafelrunde.network.places import gazetteer, place_for

# A place the owner set by hand, or learned at a meal, outranks anything we can infer.
KEPT_SOURCES = {LocationSource.MANUAL, LocationSource.MEAL}


def hint(address):
    """What an address (a saved Address or an import's AddressRecord) tells the locator."""
    from tafelrunde.core.locate import AddressHint

    return AddressHint(
        street=address.street,
        postal_code=address.postal_code,
        city=address.city,
        region=address.region,
        country=address.country,
        freetext=address.freetext,
    )


def locate_contact(contact: Contact, default_country: str = "DE") -> bool:
    """Set the contact's place from its addresses and phones; True when it changed.

    Does not save. A place set by hand or from a meal is kept.
    """
    from tafelrunde.core.locate import locate

    if contact.location_source in KEPT_SOURCES and contact.place_id:
        return False
    hints = [hint(a) for a in contact.addresses.all()]
    phones = [p.number for p in contact.phones.all()]
    found = locate(hints, phones, gazetteer=gazetteer(), default_country=default_country)
    before = (contact.place_id, contact.location_source)
    if found is None:
        contact.set_location(None)
    else:
        contact.set_location(place_for(found.place), found.method, found.confidence)
    return before != (contact.place_id, contact.location_source)


def locate_records(group: list, default_country: str, places: dict):
    """(Place, method, confidence) for a new contact from its import records, or None.

    `places` is one import's cache: Place rows by geonameid, and what each address gave.
    """
    found = _found_for(group, default_country, places)
    if found is None:
        return None
    place = places.get(found.place.geonameid)
    if place is None:
        place = places[found.place.geonameid] = place_for(found.place)
    return place, found.method, found.confidence


def locate_in_advance(incomings: list, default_country: str, places: dict) -> None:
    """Find each record's place into the cache `places`, before the import's transaction:
    the gazetteer's work is then done without holding the database's write lock."""
    for incoming in incomings:
        _found_for([incoming], default_country, places)


def _found_for(group: list, default_country: str, places: dict):
    from tafelrunde.core.locate import locate

    hints = [hint(a) for incoming in group for a in incoming.record.addresses]
    phones = [number for incoming in group for number, _type in incoming.phones]
    if not hints and not phones:
        return None
    # An import names the same few towns again and again: remember what each address gave.
    key = (tuple(hints), tuple(phones) if not hints else (), default_country)
    if key not in places:
        places[key] = locate(hints, phones, gazetteer=gazetteer(), default_country=default_country)
    return places[key]
