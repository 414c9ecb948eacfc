"""What importers read from a file, before it touches the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


def gettext_noop(message: str) -> str:
    """Marks a fixed message for the translators' catalogue; the app translates it when it
    shows it to a person (reports in JSON keep the English)."""
    return message


class UnreadableFile(Exception):
    """The file as a whole cannot be read (binary junk, empty, unknown layout): nothing changes."""


@dataclass
class PhoneRecord:
    number: str  # as written in the file; normalised to E.164 later, with the owner's country
    type: str = "other"  # mobile | work | home | other


@dataclass
class AddressRecord:
    type: str = "other"  # work | home | other
    street: str = ""
    postal_code: str = ""
    city: str = ""
    region: str = ""
    country: str = ""
    freetext: str = ""  # the whole address as one text, when that is all the file has


@dataclass
class ContactRecord:
    source_kind: str  # vcard | google-csv | outlook-csv | linkedin-csv | json
    record_number: int  # 1-based position in the file, for error messages
    external_id: str = ""  # the file's own id (vCard UID, …), when it has one
    title: str = ""  # the name's prefix as written: salutation and degree ("Herr Dr.")
    given_name: str = ""
    family_name: str = ""
    full_name: str = ""
    organisation: str = ""
    role: str = ""
    phones: list[PhoneRecord] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    addresses: list[AddressRecord] = field(default_factory=list)
    birthday: dt.date | None = None
    known_since: dt.date | None = None
    notes: str = ""
    categories: list[str] = field(default_factory=list)  # as written: "Kunde", "Friends"
    kinds: list[str] = field(default_factory=list)  # mapped: customer, friend, …
    # "mr" | "ms" | "": what the file says apart from the prefix (vCard GENDER, a gender
    # column). Left out of the repr, which identifies a record without an id of its own
    # (contact_import.fingerprint): files imported before salutations were read still match.
    salutation: str = field(default="", repr=False)

    @property
    def has_name(self) -> bool:
        return bool(self.full_name or self.given_name or self.family_name)

    @property
    def can_be_named(self) -> bool:
        """Whether the record has a name, or something to name the contact after (see
        tafelrunde.core.display_names); a record with neither cannot be a contact."""
        from tafelrunde.core.display_names import stand_in_name

        return self.has_name or bool(stand_in_name(self.organisation, self.emails)[0])


@dataclass
class TripRecord:
    record_number: int
    uid: str
    summary: str
    location: str
    start: dt.date
    end: dt.date  # inclusive: the last evening of the stay


@dataclass
class RecordError:
    """A record skipped (in ParseResult.errors) or imported with a remark (in .warnings)."""

    record: int  # 1-based record number in the file
    message: str  # English, with %(name)s placeholders filled from params
    params: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.message % self.params if self.params else self.message


@dataclass
class ParseResult:
    contacts: list[ContactRecord] = field(default_factory=list)
    trips: list[TripRecord] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    warnings: list[RecordError] = field(default_factory=list)
