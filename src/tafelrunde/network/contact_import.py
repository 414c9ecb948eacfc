"""Contact records from any source into the owner's network: create, merge, or leave as is."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from tafelrunde.columns import max_length
from tafelrunde.core.records import AddressRecord, ContactRecord
from tafelrunde.network.matching import Keys
from tafelrunde.network.models import (
    Address,
    Contact,
    ContactSource,
    Email,
    Phone,
)
from tafelrunde.owned import Owner

# Filled from a record (or a merged contact) only where the contact has none: a salutation
# or a name the owner set stays as it is.
SCALAR_FIELDS = (
    *("salutation", "title", "given_name", "family_name", "organisation", "role", "birthday"),
)


@dataclass
class Incoming:
    """One record, cleaned: salutation apart from degree, E.164 phones, lower-case e-mails,
    and its matching keys."""

    record: ContactRecord
    phones: list[tuple[str, str]]  # (E.164, type)
    emails: list[str]
    keys: Keys


def clean(record: ContactRecord, home_country: str) -> Incoming:
    from tafelrunde.core.names import organisation_key, person_key
    from tafelrunde.core.phones import normalise_phone

    country = _address_country(record.addresses) or home_country
    phones: dict[str, str] = {}  # E.164 → type, the first type written for a number
    for phone in record.phones:
        number = normalise_phone(phone.number, country)
        if number and number not in phones:
            phones[number] = phone.type
    emails: dict[str, None] = {}  # an ordered set
    for raw in record.emails:
        email = raw.strip().lower()
        if email and email not in emails and _is_email(email):
            emails[email] = None
    keys = Keys(
        source=(record.source_kind, _source_id(record)),
        emails=list(emails),
        phones=list(phones),
        name=person_key(record.given_name, record.family_name, record.full_name),
        organisation=organisation_key(record.organisation),
    )
    return Incoming(_addressed(record), list(phones.items()), list(emails), keys)


def _addressed(record: ContactRecord) -> ContactRecord:
    """The record with its prefix split: "Herr Dr." is salutation "mr" and title "Dr."; a
    salutation in the prefix goes before one from a gender field."""
    from tafelrunde.core.salutations import split_prefix

    salutation, title = split_prefix(record.title)
    return replace(record, title=title, salutation=salutation or record.salutation)


def fingerprint(record: ContactRecord) -> str:
    """A stable id for a record that has none of its own, so re-importing it is recognised."""
    # The dataclass repr lists every field in a fixed order; the position in the file is
    # not part of the record's identity.
    digest = hashlib.sha1(repr(replace(record, record_number=0)).encode()).hexdigest()
    return f"sha1:{digest}"


def _source_id(record: ContactRecord) -> str:
    """The record's id as ContactSource keeps it: one too long for the column by its digest,
    so that importing the file again still finds the contact."""
    external_id = record.external_id or fingerprint(record)
    if len(external_id) <= max_length(ContactSource, "external_id"):
        return external_id
    return f"sha1:{hashlib.sha1(external_id.encode()).hexdigest()}"


def _is_email(value: str) -> bool:
    if len(value) > max_length(Email, "address"):
        return False  # the validator allows 320 characters, the column (and RFC 5321) 254
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _address_country(addresses: list[AddressRecord]) -> str:
    from tafelrunde.core.locate import country_code

    for address in addresses:
        code = country_code(address.country) if address.country else None
        if code:
            return code
    return ""


def new_contact(owner: Owner, incoming: Incoming) -> Contact:
    """An unsaved contact for a record (keys computed; children are added after saving)."""
    r = incoming.record
    contact = Contact(
        owner=owner,
        salutation=r.salutation,
        title=r.title[:50],
        given_name=r.given_name[:100],
        family_name=r.family_name[:100],
        full_name=(r.full_name or "")[:250],
        organisation=r.organisation[:200],
        role=r.role[:200],
        kinds=list(r.kinds),
        known_since=r.known_since,
        birthday=r.birthday,
        notes=r.notes,
    )
    contact.give_stand_in_name(incoming.emails or r.emails)
    contact.refresh_keys()
    return contact


def children_for(contact: Contact, incoming: Incoming, label: str) -> list:
    """Unsaved phones, e-mails, addresses and the source row of a new contact."""
    owner_id = contact.owner_id
    rows: list = [
        Phone(owner_id=owner_id, contact=contact, number=number, type=kind)
        for number, kind in incoming.phones
    ]
    rows += [Email(owner_id=owner_id, contact=contact, address=e) for e in incoming.emails]
    rows += [address_row(contact, a) for a in incoming.record.addresses]
    assert incoming.keys.source is not None  # clean() gives every incoming record one
    kind, external_id = incoming.keys.source
    rows.append(
        ContactSource(
            owner_id=owner_id,
            contact=contact,
            kind=kind,
            label=label[:250],
            external_id=external_id[:250],
        )
    )
    return rows


def address_row(contact: Contact, a: AddressRecord) -> Address:
    return Address(
        owner_id=contact.owner_id,
        contact=contact,
        type=a.type[:10],
        street=a.street[:250],
        postal_code=a.postal_code[:20],
        city=a.city[:120],
        region=a.region[:120],
        country=a.country[:120],
        freetext=a.freetext,
    )


def fold_group(contact: Contact, extra: Incoming) -> None:
    """Fold a second record of the same new person into the unsaved contact."""
    r = extra.record
    for name in SCALAR_FIELDS:
        if not getattr(contact, name) and getattr(r, name):
            setattr(contact, name, _fitted(name, getattr(r, name)))
    if r.has_name:
        contact.take_real_name(r.full_name)
    if r.known_since and (contact.known_since is None or r.known_since < contact.known_since):
        contact.known_since = r.known_since
    contact.kinds = [*contact.kinds, *(k for k in r.kinds if k not in contact.kinds)]
    if r.notes and r.notes not in contact.notes:
        contact.notes = f"{contact.notes}\n\n{r.notes}".strip()
    contact.refresh_keys()


def _fitted(name: str, value):
    """A record's value cut to the length of the contact's column (dates pass unchanged)."""
    length = getattr(Contact._meta.get_field(name), "max_length", None)
    return value[:length] if length and isinstance(value, str) else value


def merge_into(contact: Contact, incoming: Incoming, label: str) -> bool:
    """Add what the record knows and the contact does not; True when anything changed.

    Keeps every phone, e-mail, address and source, and the earliest known-since date.
    """
    r = incoming.record
    changed = False
    for name in SCALAR_FIELDS:
        if not getattr(contact, name) and getattr(r, name):
            setattr(contact, name, _fitted(name, getattr(r, name)))
            changed = True
    if r.has_name:
        changed |= contact.take_real_name(r.full_name)
    if r.known_since and (contact.known_since is None or r.known_since < contact.known_since):
        contact.known_since = r.known_since
        changed = True
    new_kinds = [k for k in r.kinds if k not in contact.kinds]
    if new_kinds:
        contact.kinds = [*contact.kinds, *new_kinds]
        changed = True
    if r.notes and r.notes not in contact.notes:
        contact.notes = f"{contact.notes}\n\n{r.notes}".strip()
        changed = True
    added = _missing_children(contact, incoming, label)
    if changed:
        contact.save()
    for row in added:
        row.save()
    return changed or bool(added)


def _missing_children(contact: Contact, incoming: Incoming, label: str) -> list:
    have_phones = {p.number for p in contact.phones.all()}
    have_emails = {e.address.lower() for e in contact.emails.all()}
    have_addresses = {_address_identity(a) for a in contact.addresses.all()}
    have_sources = {(s.kind, s.external_id) for s in contact.sources.all()}
    rows = children_for(contact, incoming, label)
    missing = []
    for row in rows:
        if isinstance(row, Phone) and row.number in have_phones:
            continue
        if isinstance(row, Email) and row.address in have_emails:
            continue
        if isinstance(row, Address) and _address_identity(row) in have_addresses:
            continue
        if isinstance(row, ContactSource) and (row.kind, row.external_id) in have_sources:
            continue
        missing.append(row)
    return missing


def _address_identity(a: Address) -> tuple:
    from tafelrunde.core.text import fold

    return tuple(fold(v) for v in (a.street, a.postal_code, a.city, a.country, a.freetext))
