"""vCard files (2.1, 3.0, 4.0) from phones and address books to contact records."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from tafelrunde.core.importers import vcard_fields as fields
from tafelrunde.core.importers.encoding import decode_text
from tafelrunde.core.importers.kinds import kinds_for_categories
from tafelrunde.core.importers.vcard_lines import Property, card_properties, split_cards
from tafelrunde.core.records import (
    ContactRecord,
    ParseResult,
    PhoneRecord,
    RecordError,
    UnreadableFile,
    gettext_noop,
)
from tafelrunde.core.text import fold

logger = logging.getLogger(__name__)

_WANTED = frozenset(
    {
        "N", "FN", "ORG", "TITLE", "ROLE", "TEL", "EMAIL", "ADR", "LABEL", "BDAY", "NOTE",
        "CATEGORIES", "X-ABGROUP", "UID", "X-ABLABEL", "X-ABADR",
        "KIND", "X-ADDRESSBOOKSERVER-KIND", "MEMBER", "X-ADDRESSBOOKSERVER-MEMBER",
        "GENDER", "X-GENDER",
    }
)  # fmt: skip
# Labels every contact of an account carries; they say nothing about the person.
_SYSTEM_CATEGORIES = frozenset(fold(name) for name in ("myContacts", "My Contacts", "starred"))


@dataclass
class _GroupCard:
    """A contact group stored as a card of its own (Apple/iCloud, vCard 4.0 KIND:group)."""

    name: str
    member_ids: list[str]


def parse_vcards(data: bytes) -> ParseResult:
    """Every card of a vCard file as a contact record; a card that cannot be one becomes
    an error with its number. Raises UnreadableFile (only) when the file holds no vCard."""
    try:
        cards = split_cards(decode_text(data))
    except UnreadableFile:
        raise
    except Exception as error:  # the contract: bad input never escapes as a traceback
        logger.exception("vCard file could not be split into cards")
        raise UnreadableFile(gettext_noop("the file could not be read as vCards")) from error
    if not cards:
        raise UnreadableFile(gettext_noop("no vCard in the file (no BEGIN:VCARD line)"))
    result = ParseResult()
    groups: list[_GroupCard] = []
    for number, lines in enumerate(cards, start=1):
        outcome = _read_card_safely(number, lines)
        if isinstance(outcome, ContactRecord):
            result.contacts.append(outcome)
        elif isinstance(outcome, RecordError):
            result.errors.append(outcome)
        else:
            groups.append(outcome)
    _add_group_categories(result.contacts, groups)
    for contact in result.contacts:
        contact.kinds = kinds_for_categories(contact.categories)
    return result


def _read_card_safely(number: int, lines: list[str]) -> ContactRecord | RecordError | _GroupCard:
    try:
        return _read_card(number, lines)
    except Exception:  # one odd card must not cost the user the others
        logger.warning("vCard card %d could not be read", number, exc_info=True)
        return RecordError(record=number, message=gettext_noop("the card could not be read"))


def _read_card(number: int, lines: list[str]) -> ContactRecord | RecordError | _GroupCard:
    by_name: dict[str, list[Property]] = defaultdict(list)
    labels: dict[str, Property] = {}
    for prop in card_properties(lines, _WANTED):
        by_name[prop.name].append(prop)
        if prop.name in ("X-ABLABEL", "X-ABADR") and prop.group:
            labels[f"{prop.group}.{prop.name}"] = prop
    group = _group_card(by_name)
    if group is not None:
        return group
    contact = ContactRecord(source_kind="vcard", record_number=number)
    _read_names(contact, by_name)
    _read_phones(contact, by_name["TEL"], labels)
    contact.emails = _emails(by_name["EMAIL"])
    if not contact.can_be_named:
        return RecordError(record=number, message=_no_name_message(contact))
    _read_addresses(contact, by_name, labels)
    contact.external_id = _first_text(by_name["UID"])
    contact.role = _first_text(by_name["TITLE"]) or _first_text(by_name["ROLE"])
    contact.notes = "\n".join(filter(None, (prop.text().strip() for prop in by_name["NOTE"])))
    contact.birthday = next(filter(None, map(fields.birthday, by_name["BDAY"])), None)
    contact.categories = _categories(by_name["CATEGORIES"] + by_name["X-ABGROUP"])
    return contact


def _read_names(contact: ContactRecord, by_name: dict[str, list[Property]]) -> None:
    for prop in by_name["ORG"]:
        contact.organisation = fields.clean(prop.components()[0])
        if contact.organisation:
            break
    parts = by_name["N"][0].components() if by_name["N"] else []
    family, given, additional, prefix, suffix = ([fields.clean(p) for p in parts] + [""] * 5)[:5]
    contact.family_name, contact.given_name, contact.title = family, given, prefix
    genders = by_name["GENDER"] + by_name["X-GENDER"]  # vCard 4 "M"/"F", others "male"
    contact.salutation = next(filter(None, map(fields.salutation, genders)), "")
    contact.full_name = _first_text(by_name["FN"]) or " ".join(
        filter(None, (prefix, given, additional, family, suffix))
    )  # none at all: the contact is named after its organisation or e-mail, and marked so


def _read_phones(contact: ContactRecord, tels: list[Property], labels: dict) -> None:
    seen = set()
    for prop in tels:
        number = fields.clean(prop.text())
        if number[:4].lower() == "tel:":
            number = number[4:].strip()
        label = fields.label_text(labels.get(f"{prop.group}.X-ABLABEL"))
        kind = fields.phone_kind(prop.types, label)
        if number and kind != fields.UNREACHABLE and number not in seen:
            seen.add(number)
            contact.phones.append(PhoneRecord(number=number, type=kind))


def _emails(props: list[Property]) -> list[str]:
    emails: list[str] = []
    for prop in props:
        email = fields.clean(prop.text()).removeprefix("mailto:")
        if "@" in email and email.lower() not in (known.lower() for known in emails):
            emails.append(email)
    return emails


def _read_addresses(contact: ContactRecord, by_name: dict, labels: dict) -> None:
    for prop in by_name["ADR"]:
        label = fields.label_text(labels.get(f"{prop.group}.X-ABLABEL"))
        country_code = labels.get(f"{prop.group}.X-ABADR")
        address = fields.address_record(
            prop.components(),
            fields.address_kind(prop.types, label),
            country_code.text() if country_code else "",
        )
        if address is not None:
            contact.addresses.append(address)
    # LABEL is the printed form of an ADR; it is the address only when no ADR says more.
    for prop in by_name["LABEL"]:
        kind = fields.address_kind(prop.types, "")
        if all(address.type != kind for address in contact.addresses):
            address = fields.address_record(["", "", prop.text()], kind)
            if address is not None:
                contact.addresses.append(address)


def _categories(props: list[Property]) -> list[str]:
    categories: list[str] = []
    for prop in props:
        # Split at every comma: Thunderbird escapes the commas between its categories.
        for category in prop.text().split(","):
            category = fields.clean(category)
            if category and category not in categories and fold(category) not in _SYSTEM_CATEGORIES:
                categories.append(category)
    return categories


def _group_card(by_name: dict[str, list[Property]]) -> _GroupCard | None:
    kind = _first_text(by_name["KIND"]) or _first_text(by_name["X-ADDRESSBOOKSERVER-KIND"])
    if kind.lower() != "group":
        return None
    members = by_name["MEMBER"] + by_name["X-ADDRESSBOOKSERVER-MEMBER"]
    return _GroupCard(_first_text(by_name["FN"]), [_uid_key(prop.text()) for prop in members])


def _add_group_categories(contacts: list[ContactRecord], groups: list[_GroupCard]) -> None:
    names_by_member: dict[str, list[str]] = defaultdict(list)
    for group in groups:
        for member_id in filter(None, group.member_ids):
            names_by_member[member_id].append(group.name)
    for contact in contacts:
        for name in names_by_member.get(_uid_key(contact.external_id), ()):
            if name and name not in contact.categories:
                contact.categories.append(name)


def _uid_key(uid: str) -> str:
    uid = uid.strip().lower()
    return uid.removeprefix("urn:uuid:") if uid else ""


def _first_text(props: list[Property]) -> str:
    for prop in props:
        text = fields.clean(prop.text())
        if text:
            return text
    return ""


def _no_name_message(contact: ContactRecord) -> str:
    """Point at the card by what it has, so the user can find it in the address book."""
    if contact.phones:
        return f"no name (phone {contact.phones[0].number})"
    return gettext_noop("no name")
