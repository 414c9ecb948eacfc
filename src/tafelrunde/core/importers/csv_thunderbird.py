"""Thunderbird's address-book export (CSV or tab-separated), with English or German headers.

Thunderbird names its columns from its own translations (importMsgs.properties 2100–2136):
"Primary Email", "Mobile Number", "Work ZipCode" in English (British: "Work Post Code",
"Organisation"), "Primäre E-Mail-Adresse", "Mobil-Tel.-Nr.", "Dienstlich: PLZ" in German.
Some of its columns share Outlook's names ("First Name", "Home Phone", "Job Title"), so it is
recognised by the ones only it has.
"""

from __future__ import annotations

import datetime as dt

from tafelrunde.core.importers.csv_table import Row, collect_records, column_key, open_table
from tafelrunde.core.importers.csv_values import join_name, unique
from tafelrunde.core.records import AddressRecord, ContactRecord, ParseResult, PhoneRecord

LAYOUT = "thunderbird-csv"
_GIVEN = ("First Name", "Vorname")
_FAMILY = ("Last Name", "Nachname")
_DISPLAY = ("Display Name", "Anzeigename")
_NICKNAME = ("Nickname", "Spitzname")
_EMAILS = (
    ("Primary Email", "Primäre E-Mail-Adresse"),
    ("Secondary Email", "Sekundäre E-Mail-Adresse"),
)
# Fax and pager numbers are left out: nobody takes a dinner call there.
_PHONES = (
    ("mobile", ("Mobile Number", "Mobil-Tel.-Nr.")),
    ("work", ("Work Phone", "Tel. dienstlich")),
    ("home", ("Home Phone", "Tel. privat")),
)
# Per address type: street, street 2, city, region, postal code, country.
_ADDRESSES = {
    "work": (("Work Address", "Dienstlich: Adresse"),
             ("Work Address 2", "Dienstlich: Adresse 2"),
             ("Work City", "Dienstlich: Ort"),
             ("Work State", "Work County", "Dienstlich: Bundesland"),
             ("Work ZipCode", "Work Post Code", "Dienstlich: PLZ"),
             ("Work Country", "Dienstlich: Land")),
    "home": (("Home Address", "Privat: Adresse"),
             ("Home Address 2", "Privat: Adresse 2"),
             ("Home City", "Privat: Ort"),
             ("Home State", "Home County", "Privat: Bundesland"),
             ("Home ZipCode", "Home Post Code", "Privat: PLZ"),
             ("Home Country", "Privat: Land")),
}  # fmt: skip
# A header is Thunderbird's when it has both columns of one language.
_MARKERS = (
    {column_key("Display Name"), column_key("Primary Email")},
    {column_key("Anzeigename"), column_key("Primäre E-Mail-Adresse")},
)


def is_thunderbird_header(keys: set[str]) -> bool:
    """Whether a folded header row is Thunderbird's address-book export, English or German."""
    return any(keys >= markers for markers in _MARKERS)


def parse_thunderbird_csv(data: bytes) -> ParseResult:
    """Contacts from a Thunderbird address-book export; UnreadableFile when it is not one."""
    table = open_table(data, {LAYOUT: is_thunderbird_header}, "a Thunderbird address book")
    return collect_records(table, thunderbird_record)


def thunderbird_record(number: int, row: Row) -> ContactRecord:
    """One Thunderbird row as a contact record."""
    given, family = row.get(*_GIVEN), row.get(*_FAMILY)
    return ContactRecord(
        source_kind=LAYOUT,
        record_number=number,
        given_name=given,
        family_name=family,
        full_name=row.get(*_DISPLAY) or join_name(given, family) or row.get(*_NICKNAME),
        organisation=row.get("Organization", "Organisation"),
        role=row.get("Job Title", "Arbeitstitel"),
        phones=[PhoneRecord(phone, kind) for kind, names in _PHONES if (phone := row.get(*names))],
        emails=unique(email for names in _EMAILS if "@" in (email := row.get(*names))),
        addresses=_addresses(row),
        birthday=_birthday(row),
        notes=row.get("Notes", "Notizen"),
    )


def _addresses(row: Row) -> list[AddressRecord]:
    addresses = []
    for kind, columns in _ADDRESSES.items():
        street, street2, city, region, postal_code, country = (row.get(*names) for names in columns)
        street = ", ".join(line.strip() for line in (street, street2) if line.strip())
        if street or city or postal_code or region or country:
            addresses.append(AddressRecord(kind, street, postal_code, city, region, country))
    return addresses


def _birthday(row: Row) -> dt.date | None:
    """Thunderbird keeps year, month and day apart; a birthday without its year is no date."""
    parts = (row.get(*names) for names in (("Birth Year", "Geburtsjahr"),
                                             ("Birth Month", "Geburtsmonat"),
                                             ("Birth Day", "Geburtstag")))  # fmt: skip
    try:
        return dt.date(*(int(part) for part in parts))
    except (TypeError, ValueError, OverflowError):
        return None
