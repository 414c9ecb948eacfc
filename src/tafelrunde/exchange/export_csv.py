"""Contacts as a spreadsheet opens them: one row per contact, in safe cells
(tafelrunde.core.spreadsheet_cells)."""

from __future__ import annotations

import csv
import io

from django.db.models import Prefetch

from tafelrunde.core.spreadsheet_cells import BOM, neutralise
from tafelrunde.network.models import Address, Contact, Email, Phone
from tafelrunde.owned import Owner

COLUMNS = (
    "Name",
    "Given name",
    "Family name",
    "Organisation",
    "Role",
    "Kinds",
    "Phones",
    "E-mails",
    "City",
    "Country",
    "Known since",
    "Importance",
    "Language",
    "Form of address",
    "Do not invite",
)


def export_csv(owner: Owner) -> str:
    """The owner's contacts as CSV text (BOM, header row, one row per contact)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for contact in _contacts(owner):
        writer.writerow([neutralise(cell) for cell in contact_row(contact)])
    return BOM + buffer.getvalue()


def _contacts(owner: Owner):
    return (
        Contact.objects.filter(owner=owner)
        .select_related("place")
        .prefetch_related(
            Prefetch("phones", Phone.objects.order_by("id")),
            Prefetch("emails", Email.objects.order_by("id")),
            Prefetch("addresses", Address.objects.order_by("id")),
        )
        .order_by("family_name", "given_name", "full_name", "id")
    )


def contact_row(contact: Contact) -> list[str]:
    """One contact's cells, in COLUMNS order."""
    city, country = where(contact)
    return [
        contact.full_name,
        contact.given_name,
        contact.family_name,
        contact.organisation,
        contact.role,
        "; ".join(contact.kinds),
        "; ".join(phone.number for phone in contact.phones.all()),
        "; ".join(email.address for email in contact.emails.all()),
        city,
        country,
        contact.known_since.isoformat() if contact.known_since else "",
        str(contact.importance),
        contact.language,
        contact.address_form,
        "yes" if contact.do_not_invite else "",
    ]


def where(contact: Contact) -> tuple[str, str]:
    """(city, country): the first address with a city as written, else the located place."""
    for address in contact.addresses.all():
        if address.city:
            return address.city, address.country
    if contact.place is not None:
        return contact.place.name, contact.place.country
    return "", ""
