"""vCard files (2.1, 3.0, 4.0) from phones and address books to contact records."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from tafelrunde.core.importers import vcard_fields as fields
from tafelrunde.core.importers.encoding import decode_text
from tafelrunde.core.importers.kinds import kinds_for_categories
from tafelrunde.core.importers.vcard_lines import Property, RawCard, card_properties, iter_cards
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
# At most this many phones, e-mails, addresses and categories per contact: a card with
# thousands of them is an attack or an accident, and nobody calls the 51st number.
MAX_PER_CONTACT = 50
# Lines of one such property read from a card before the rest are only counted (repeats
# among the first ones still leave room for MAX_PER_CONTACT different values).
_MAX_LINES_READ = 20 * MAX_PER_CONTACT
_CAPPED = {
    "TEL": gettext_noop("phone numbers"),
    "EMAIL": gettext_noop("e-mail addresses"),
    "ADR": gettext_noop("addresses"),
    "LABEL": gettext_noop("addresses"),
    "CATEGORIES": gettext_noop("categories"),
    "X-ABGROUP": gettext_noop("categories"),
}
INCOMPLETE = gettext_noop("incomplete: the card ends without END:VCARD; what it holds was imported")
DROPPED = gettext_noop("%(dropped)d more %(what)s left out: at most %(kept)d per contact are kept")
# Labels every contact of an account carries; they say nothing about the person.
_SYSTEM_CATEGORIES = frozenset(fold(name) for name in ("myContacts", "My Contacts", "starred"))


@dataclass
class _GroupCard:
    """A contact group stored as a card of its own (Apple/iCloud, vCard 4.0 KIND:group)."""

    name: str
    member_ids: list[str]


def parse_vcards(data: bytes) -> ParseResult:
    """Every card of a vCard file as a contact record; a card that cannot be one becomes
    an error with its number. Raises UnreadableFile (only) when the file holds no vCard.

    Cards are read one at a time, and each keeps at most MAX_PER_CONTACT phones, e-mails,
    addresses and categories; what was left out, and cards cut off before their END, are
    reported as warnings.
    """
    try:
        cards = iter_cards(decode_text(data))
        first = next(cards, None)
    except UnreadableFile:
        raise
    except Exception as error:  # the contract: bad input never escapes as a traceback
        logger.exception("vCard file could not be split into cards")
        raise UnreadableFile(gettext_noop("the file could not be read as vCards")) from error
    if first is None:
        raise UnreadableFile(gettext_noop("no vCard in the file (no BEGIN:VCARD line)"))
    result = ParseResult()
    groups: list[_GroupCard] = []
    for number, card in enumerate(_chain_first(first, cards), start=1):
        outcome = _read_card_safely(number, card, result.warnings)
        if isinstance(outcome, ContactRecord):
            result.contacts.append(outcome)
        elif isinstance(outcome, RecordError):
            result.errors.append(outcome)
        else:
            groups.append(outcome)
        if not card.complete and not isinstance(outcome, RecordError):
            result.warnings.append(RecordError(record=number, message=INCOMPLETE))
    _add_group_categories(result.contacts, groups)
    for contact in result.contacts:
        contact.kinds = kinds_for_categories(contact.categories)
    return result


def _chain_first(first: RawCard, rest):
    yield first
    try:
        yield from rest
    except Exception:  # splitting failed midway: keep the cards read so far
        logger.exception("vCard file could not be split into cards to the end")


def _read_card_safely(
    number: int, card: RawCard, warnings: list[RecordError]
) -> ContactRecord | RecordError | _GroupCard:
    try:
        return _read_card(number, card.lines, warnings)
    except Exception:  # one odd card must not cost the user the others
        logger.warning("vCard card %d could not be read", number, exc_info=True)
        return RecordError(record=number, message=gettext_noop("the card could not be read"))


def _read_card(
    number: int, lines: list[str], warnings: list[RecordError]
) -> ContactRecord | RecordError | _GroupCard:
    by_name: dict[str, list[Property]] = defaultdict(list)
    labels: dict[str, Property] = {}
    unread: dict[str, int] = defaultdict(int)  # lines past _MAX_LINES_READ, by what they are
    for prop in card_properties(lines, _WANTED):
        if prop.name in _CAPPED and len(by_name[prop.name]) >= _MAX_LINES_READ:
            unread[_CAPPED[prop.name]] += 1
            continue
        by_name[prop.name].append(prop)
        if prop.name in ("X-ABLABEL", "X-ABADR") and prop.group and len(labels) < _MAX_LINES_READ:
            labels[f"{prop.group}.{prop.name}"] = prop
    group = _group_card(by_name)
    if group is not None:
        return group
    contact = ContactRecord(source_kind="vcard", record_number=number)
    dropped = _Dropped(unread)
    _read_names(contact, by_name)
    _read_phones(contact, by_name["TEL"], labels, dropped)
    contact.emails = _emails(by_name["EMAIL"], dropped)
    if not contact.can_be_named:
        return RecordError(record=number, message=_no_name_message(contact))
    _read_addresses(contact, by_name, labels, dropped)
    contact.external_id = _first_text(by_name["UID"])
    contact.role = _first_text(by_name["TITLE"]) or _first_text(by_name["ROLE"])
    contact.notes = "\n".join(filter(None, (prop.text().strip() for prop in by_name["NOTE"])))
    contact.birthday = next(filter(None, map(fields.birthday, by_name["BDAY"])), None)
    contact.categories = _categories(by_name["CATEGORIES"] + by_name["X-ABGROUP"], dropped)
    warnings.extend(dropped.warnings(number))
    return contact


class _Dropped:
    """How many values of each capped kind one card had beyond MAX_PER_CONTACT."""

    def __init__(self, unread: dict[str, int]):
        self.counts = defaultdict(int, unread)

    def fits(self, values: list | set, what: str) -> bool:
        """True when one more value fits; otherwise counts it as dropped."""
        if len(values) < MAX_PER_CONTACT:
            return True
        self.counts[what] += 1
        return False

    def warnings(self, number: int) -> list[RecordError]:
        return [
            RecordError(number, DROPPED, {"dropped": count, "what": what, "kept": MAX_PER_CONTACT})
            for what, count in self.counts.items()
            if count
        ]


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


def _read_phones(contact: ContactRecord, tels: list[Property], labels: dict, dropped) -> None:
    seen: set[str] = set()
    for prop in tels:
        number = fields.clean(prop.text())
        if number[:4].lower() == "tel:":
            number = number[4:].strip()
        label = fields.label_text(labels.get(f"{prop.group}.X-ABLABEL"))
        kind = fields.phone_kind(prop.types, label)
        wanted = number and kind != fields.UNREACHABLE and number not in seen
        if wanted and dropped.fits(seen, _CAPPED["TEL"]):
            seen.add(number)
            contact.phones.append(PhoneRecord(number=number, type=kind))


def _emails(props: list[Property], dropped) -> list[str]:
    emails: list[str] = []
    seen: set[str] = set()  # lower-cased: compared as a set, never against the whole list
    for prop in props:
        email = fields.clean(prop.text()).removeprefix("mailto:")
        if "@" in email and email.lower() not in seen and dropped.fits(seen, _CAPPED["EMAIL"]):
            seen.add(email.lower())
            emails.append(email)
    return emails


def _read_addresses(contact: ContactRecord, by_name: dict, labels: dict, dropped) -> None:
    for prop in by_name["ADR"]:
        label = fields.label_text(labels.get(f"{prop.group}.X-ABLABEL"))
        country_code = labels.get(f"{prop.group}.X-ABADR")
        address = fields.address_record(
            prop.components(),
            fields.address_kind(prop.types, label),
            country_code.text() if country_code else "",
        )
        if address is not None and dropped.fits(contact.addresses, _CAPPED["ADR"]):
            contact.addresses.append(address)
    # LABEL is the printed form of an ADR; it is the address only when no ADR says more.
    kinds = {address.type for address in contact.addresses}
    for prop in by_name["LABEL"]:
        kind = fields.address_kind(prop.types, "")
        if kind not in kinds:
            address = fields.address_record(["", "", prop.text()], kind)
            if address is not None and dropped.fits(contact.addresses, _CAPPED["ADR"]):
                kinds.add(kind)
                contact.addresses.append(address)


def _categories(props: list[Property], dropped) -> list[str]:
    categories: list[str] = []
    seen: set[str] = set()
    for prop in props:
        # Split at every comma: Thunderbird escapes the commas between its categories.
        for category in prop.text().split(","):
            category = fields.clean(category)
            if not category or category in seen or fold(category) in _SYSTEM_CATEGORIES:
                continue
            if dropped.fits(categories, _CAPPED["CATEGORIES"]):
                seen.add(category)
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
        have = set(contact.categories)
        for name in names_by_member.get(_uid_key(contact.external_id), ()):
            if name and name not in have:
                have.add(name)
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
