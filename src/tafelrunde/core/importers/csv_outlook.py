"""Outlook CSV exports, with English or German column names ("Vorname", "Straße geschäftlich")."""

from __future__ import annotations

import re

from tafelrunde.core.importers.csv_table import Row, collect_records, column_key, open_table
from tafelrunde.core.importers.csv_values import join_name, parse_date, split_values, unique
from tafelrunde.core.importers.kinds import kinds_for_categories
from tafelrunde.core.records import AddressRecord, ContactRecord, ParseResult, PhoneRecord
from tafelrunde.core.salutations import salutation_for_gender

LAYOUT = "outlook-csv"
_CATEGORY_SEPARATOR = re.compile(r"[;,]")
# Outlook spells the same column differently across versions; each tuple holds the variants.
_GIVEN = ("First Name", "Vorname")
_FAMILY = ("Last Name", "Nachname")
_NAME_COLUMNS = {column_key(name) for name in (*_GIVEN, *_FAMILY)}
# Columns only an Outlook export has (LinkedIn's "Company" would not tell them apart).
_OUTLOOK_COLUMNS = {column_key(name) for name in (
    "E-mail Address", "Business Phone", "Mobile Phone", "Home Phone", "Categories",
    "Business Street", "Home Street", "Job Title",
    "E-Mail-Adresse", "Mobiltelefon", "Telefon geschäftlich", "Telefon privat", "Kategorien",
    "Straße geschäftlich", "Straße privat", "Firma",
)}  # fmt: skip
_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address",
           "E-Mail-Adresse", "E-Mail 2: Adresse", "E-Mail 3: Adresse",
           "E-Mail-Adresse 2", "E-Mail-Adresse 3")  # fmt: skip
# Fax, pager and telex columns are left out on purpose: nobody takes a dinner call there.
_PHONES = {
    "mobile": ("Mobile Phone", "Mobile Phone 2", "Mobiltelefon", "Mobiltelefon 2", "Car Phone",
               "Autotelefon"),
    "work": ("Business Phone", "Business Phone 2", "Company Main Phone",
             "Telefon geschäftlich", "Telefon geschäftlich 2", "Telefon (geschäftlich)",
             "Telefon (geschäftlich) 2", "Telefon Firma", "Haupttelefon Firma"),
    "home": ("Home Phone", "Home Phone 2", "Telefon privat", "Telefon privat 2",
             "Telefon (privat)", "Telefon (privat) 2"),
    "other": ("Primary Phone", "Other Phone", "Assistant's Phone", "Callback", "Radio Phone",
              "Haupttelefon", "Weiteres Telefon", "Telefon Assistent", "Rückmeldung",
              "Funkruf"),
}  # fmt: skip
# Per address type: street (up to three lines), city, region, postal code, country.
_ADDRESSES = {
    "work": (("Business Street", "Straße geschäftlich"),
             ("Business Street 2", "Straße geschäftlich 2"),
             ("Business Street 3", "Straße geschäftlich 3"),
             ("Business City", "Ort geschäftlich"),
             ("Business State", "Region geschäftlich", "Bundesland/Kanton geschäftlich",
              "Bundesland geschäftlich"),
             ("Business Postal Code", "Postleitzahl geschäftlich", "PLZ geschäftlich"),
             ("Business Country/Region", "Business Country", "Land/Region geschäftlich",
              "Land geschäftlich")),
    "home": (("Home Street", "Straße privat"),
             ("Home Street 2", "Straße privat 2"),
             ("Home Street 3", "Straße privat 3"),
             ("Home City", "Ort privat"),
             ("Home State", "Bundesland/Kanton privat", "Region privat", "Bundesland privat"),
             ("Home Postal Code", "Postleitzahl privat", "PLZ privat"),
             ("Home Country/Region", "Home Country", "Land/Region privat", "Land privat")),
    "other": (("Other Street", "Weitere Straße"),
              ("Other Street 2", "Weitere Straße 2"),
              ("Other Street 3", "Weitere Straße 3"),
              ("Other City", "Weiterer Ort"),
              ("Other State", "Weiteres/r Bundesland/Kanton", "Weitere Region",
               "Weiteres Bundesland"),
              ("Other Postal Code", "Weitere Postleitzahl"),
              ("Other Country/Region", "Other Country", "Weiteres/r Land/Region",
               "Weiteres Land/Region", "Weiteres Land")),
}  # fmt: skip


def is_outlook_header(keys: set[str]) -> bool:
    """Whether a folded header row is an Outlook contacts export, English or German."""
    return bool(keys & _NAME_COLUMNS) and bool(keys & _OUTLOOK_COLUMNS)


def parse_outlook_csv(data: bytes) -> ParseResult:
    """Contacts from an Outlook CSV export; UnreadableFile when it is not one."""
    table = open_table(data, {LAYOUT: is_outlook_header}, "an Outlook contacts export")
    return collect_records(table, outlook_record)


def outlook_record(number: int, row: Row) -> ContactRecord:
    """One Outlook row as a contact record."""
    given, family = row.get(*_GIVEN), row.get(*_FAMILY)
    middle = row.get("Middle Name", "Weitere Vornamen", "Zweiter Vorname")
    categories = split_values(row.get("Categories", "Kategorien"), _CATEGORY_SEPARATOR)
    return ContactRecord(
        source_kind=LAYOUT,
        record_number=number,
        # "Anrede" holds Herr or Frau, and sometimes the degree too ("Herr Dr."); a "Titel"
        # column, where there is one, the degree alone.
        title=join_name(row.get("Title", "Anrede"), row.get("Titel")),
        given_name=given,
        family_name=family,
        full_name=join_name(given, middle, family, row.get("Suffix", "Namenszusatz")),
        organisation=row.get("Company", "Firma"),
        role=row.get("Job Title", "Position"),
        phones=_phones(row),
        emails=_emails(row),
        addresses=_addresses(row),
        birthday=parse_date(row.get("Birthday", "Geburtstag")),
        notes=row.get("Notes", "Notizen"),
        categories=categories,
        kinds=kinds_for_categories(categories),
        salutation=salutation_for_gender(row.get("Gender", "Geschlecht")),
    )


def _emails(row: Row) -> list[str]:
    # Exchange contacts carry an X.500 path ("/O=EXCHANGELABS/OU=…") instead of an address.
    return unique(email for name in _EMAILS if "@" in (email := row.get(name)))


def _phones(row: Row) -> list[PhoneRecord]:
    """Each number once, under its first column's type ("Primary Phone" often repeats one)."""
    phones: list[PhoneRecord] = []
    seen: set[str] = set()
    for kind, columns in _PHONES.items():
        for column in columns:
            number = row.get(column)
            digits = "".join(char for char in number if char.isdigit())
            if digits and digits not in seen:
                seen.add(digits)
                phones.append(PhoneRecord(number, kind))
    return phones


def _addresses(row: Row) -> list[AddressRecord]:
    addresses = []
    for kind, columns in _ADDRESSES.items():
        street, street2, street3, city, region, postal_code, country = (
            row.get(*names) for names in columns
        )
        street = ", ".join(line for line in (street, street2, street3) if line)
        # Outlook's street cell may hold several lines; keep them on one.
        street = ", ".join(line.strip() for line in street.split("\n") if line.strip())
        if street or city or postal_code or region or country:
            addresses.append(AddressRecord(kind, street, postal_code, city, region, country))
    return addresses
