"""Where a contact is: found from their addresses, else a landline's area code."""

from __future__ import annotations

from tafelrunde.network.models import Contact, LocationSource
from tafelrunde.network.places import gazetteer, place_for

# A place the owner set by hand, or learned at a meal, outranks anything we can infer.
KEPT_SOURCES = {LocationSource.MANUAL, LocationSource.MEAL}


def locate_contact(contact: Contact, default_country: str = "DE") -> bool:
    """Set the contact's place from its addresses and phones; True when it changed.

    Does not save. A place set by hand or from a meal is kept.
    """
    from tafelrunde.core.locate import AddressHint, locate

    if contact.location_source in KEPT_SOURCES and contact.place_id:
        return False
    hints = [
        AddressHint(
            street=a.street,
            postal_code=a.postal_code,
            city=a.city,
            region=a.region,
            country=a.country,
            freetext=a.freetext,
        )
        for a in contact.addresses.all()
    ]
    phones = [p.number for p in contact.phones.all()]
    found = locate(hints, phones, gazetteer=gazetteer(), default_country=default_country)
    before = (contact.place_id, contact.location_source)
    if found is None:
        contact.set_location(None)
    else:
        contact.set_location(place_for(found.place), found.method, found.confidence)
    return before != (contact.place_id, contact.location_source)
