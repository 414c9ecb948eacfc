"""Contacts as vCard 4.0 (RFC 6350), one card per contact, for phones and address books.

Written by hand: vobject writes vCard 3.0. Text is escaped (backslash, comma, semicolon,
newline) and lines are folded at 75 octets without splitting a UTF-8 character.
"""

from __future__ import annotations

import re
import uuid

from django.db.models import Prefetch

from tafelrunde.core.salutations import PREFIX_WORDS
from tafelrunde.network.models import Address, Contact, Email, Phone
from tafelrunde.owned import Owner

# Stable UIDs: the same contact gets the same UID in every export.
UID_NAMESPACE = uuid.UUID("6f1d5c52-8a8e-4d55-9b1e-2f6a9c1b7e40")
PHONE_TYPES = {"mobile": "cell", "work": "work", "home": "home", "other": "voice"}
LINE_OCTETS = 75
_NEWLINE = re.compile(r"\r\n|\r|\n")


def export_vcard(owner: Owner) -> str:
    """The owner's contacts as one vCard 4.0 file (CRLF line ends)."""
    return "".join(card(contact) for contact in _contacts(owner))


def _contacts(owner: Owner):
    return (
        Contact.objects.filter(owner=owner)
        .prefetch_related(
            Prefetch("phones", Phone.objects.order_by("id")),
            Prefetch("emails", Email.objects.order_by("id")),
            Prefetch("addresses", Address.objects.order_by("id")),
        )
        .order_by("id")
    )


def card(contact: Contact) -> str:
    """One contact as a folded vCard 4.0 card."""
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"UID:{uid(contact)}", f"FN:{escape(contact.full_name)}"]
    name = (contact.family_name, contact.given_name, "", prefix(contact), "")
    lines.append("N:" + ";".join(escape(part) for part in name))
    if contact.organisation:
        lines.append(f"ORG:{escape(contact.organisation)}")
    if contact.role:
        lines.append(f"TITLE:{escape(contact.role)}")
    for phone in contact.phones.all():
        lines.append(f"TEL;TYPE={PHONE_TYPES.get(phone.type, 'voice')}:{escape(phone.number)}")
    for email in contact.emails.all():
        lines.append(f"EMAIL{_type(email.type)}:{escape(email.address)}")
    lines.extend(adr(address) for address in contact.addresses.all())
    if contact.birthday:
        lines.append(f"BDAY:{contact.birthday:%Y%m%d}")
    if contact.language:
        lines.append(f"LANG:{escape(contact.language)}")
    if contact.kinds:
        lines.append("CATEGORIES:" + ",".join(escape(kind) for kind in contact.kinds))
    if contact.notes:
        lines.append(f"NOTE:{escape(contact.notes)}")
    if contact.known_since:
        lines.append(f"X-TAFELRUNDE-KNOWN-SINCE;VALUE=date:{contact.known_since:%Y%m%d}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def prefix(contact: Contact) -> str:
    """N's prefix: salutation in the contact's language, then the title ("Herr Dr.")."""
    words = PREFIX_WORDS["de" if contact.language == "de" else "en"]
    return " ".join(part for part in (words.get(contact.salutation, ""), contact.title) if part)


def uid(contact: Contact) -> str:
    """A stable urn:uuid for the contact, the same in every export."""
    return uuid.uuid5(UID_NAMESPACE, f"{contact.owner_id}:{contact.id}").urn


def adr(address: Address) -> str:
    """An ADR line: PO box; extended; street; city; region; postal code; country."""
    street = address.street or address.freetext
    parts = ("", "", street, address.city, address.region, address.postal_code, address.country)
    return f"ADR{_type(address.type)}:" + ";".join(escape(part) for part in parts)


def _type(kind: str) -> str:
    return f";TYPE={kind}" if kind in ("work", "home") else ""


def escape(text: str) -> str:
    """Text as a vCard value: backslash, comma, semicolon and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return _NEWLINE.sub(r"\\n", text)


def fold(line: str) -> str:
    """A content line folded into CRLF-ended lines of at most 75 octets each."""
    if len(line.encode()) <= LINE_OCTETS:
        return line + "\r\n"
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, LINE_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, LINE_OCTETS - 1  # the leading space counts
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"
