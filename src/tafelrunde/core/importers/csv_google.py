"""Google Contacts CSV exports, in the current layout and the legacy ("Google CSV") one."""

from __future__ import annotations

import re
from itertools import zip_longest

from tafelrunde.core.importers.csv_table import Row, collect_records, column_key, open_table
from tafelrunde.core.importers.csv_values import (
    address_type,
    join_name,
    parse_date,
    phone_type,
    split_values,
)
from tafelrunde.core.importers.kinds import kinds_for_categories
from tafelrunde.core.records import AddressRecord, ContactRecord, ParseResult, PhoneRecord
from tafelrunde.core.salutations import salutation_for_gender
from tafelrunde.core.text import fold

LAYOUT = "google-csv"
# Google puts several values of one label into one cell: "+49 171 1 ::: +49 351 2".
_MULTI = " ::: "
# Only Google numbers its columns "E-mail 1 - Value", "Phone 1 - Value".
_FIRST_VALUES = {column_key("E-mail 1 - Value"), column_key("Phone 1 - Value")}
_LEGACY_NAMES = {column_key("Given Name"), column_key("Family Name")}
# Groups Google adds by itself; they say nothing about the relationship.
_SYSTEM_LABELS = {"mycontacts", "my contacts", "starred", "other contacts"}
_IMPORT_LABEL = re.compile(r"^(imported on|importiert am) ")
_ADDRESS_PARTS = ("Formatted", "Street", "Extended Address", "City", "Region", "Postal Code",
                  "Country")  # fmt: skip


def is_google_header(keys: set[str]) -> bool:
    """Whether a folded header row is a Google Contacts export (either layout)."""
    return bool(keys & _FIRST_VALUES) or keys >= _LEGACY_NAMES


def parse_google_csv(data: bytes) -> ParseResult:
    """Contacts from a Google Contacts CSV export; UnreadableFile when it is not one."""
    table = open_table(data, {LAYOUT: is_google_header}, "a Google Contacts export")
    return collect_records(table, google_record)


def google_record(number: int, row: Row) -> ContactRecord:
    """One Google row as a contact record."""
    given = row.get("First Name", "Given Name")
    middle = row.get("Middle Name", "Additional Name")
    family = row.get("Last Name", "Family Name")
    # Contacts saved from a phone often have nothing but a nickname ("Mama", "Klempner").
    full_name = row.get("Name") or join_name(given, middle, family, row.get("Name Suffix"))
    categories = _labels(row.get("Labels", "Group Membership"))
    return ContactRecord(
        source_kind=LAYOUT,
        record_number=number,
        title=row.get("Name Prefix"),
        given_name=given,
        family_name=family,
        full_name=full_name or row.get("Nickname", "File As"),
        organisation=row.get("Organization Name", "Organization 1 - Name"),
        role=row.get("Organization Title", "Organization 1 - Title"),
        phones=_phones(row),
        emails=[email for n in _numbers(row, "E-mail") for email in _values(row, "E-mail", n)],
        addresses=[address for n in _numbers(row, "Address") for address in _addresses(row, n)],
        birthday=parse_date(row.get("Birthday")),
        notes=row.get("Notes"),
        categories=categories,
        kinds=kinds_for_categories(categories),
        salutation=salutation_for_gender(row.get("Gender")),  # the legacy layout has one
    )


def _numbers(row: Row, kind: str) -> range:
    """1..N for the "{kind} N - …" column groups the header has."""
    count = 0
    while row.has(f"{kind} {count + 1} - Value") or row.has(f"{kind} {count + 1} - Formatted"):
        count += 1
    return range(1, count + 1)


def _values(row: Row, kind: str, number: int) -> list[str]:
    return split_values(row.get(f"{kind} {number} - Value"), _MULTI)


def _label(row: Row, kind: str, number: int) -> str:
    # Current exports say "Label", legacy ones "Type"; "* " marks the primary value.
    return row.get(f"{kind} {number} - Label", f"{kind} {number} - Type")


def _phones(row: Row) -> list[PhoneRecord]:
    phones: list[PhoneRecord] = []
    for number in _numbers(row, "Phone"):
        kind = phone_type(_label(row, "Phone", number))
        if kind is None:
            continue
        phones += [PhoneRecord(value, kind) for value in _values(row, "Phone", number)]
    return phones


def _addresses(row: Row, number: int) -> list[AddressRecord]:
    """The addresses of one column group; several in one group are " ::: "-separated."""
    kind = address_type(_label(row, "Address", number))
    columns = [row.get(f"Address {number} - {part}").split(_MULTI) for part in _ADDRESS_PARTS]
    addresses = []
    for parts in zip_longest(*columns, fillvalue=""):
        formatted, street, extended, city, region, postal_code, country = (
            part.strip() for part in parts
        )
        if formatted and not (street or city or postal_code):
            # Only the formatted text (typed in as one line, or a foreign layout).
            lines = [line.strip() for line in formatted.split("\n") if line.strip()]
            addresses.append(AddressRecord(kind, freetext=", ".join(lines)))
        elif street or city or postal_code or region or country:
            street = ", ".join(part for part in (street, extended) if part)
            addresses.append(AddressRecord(kind, street, postal_code, city, region, country))
    return addresses


def _labels(value: str) -> list[str]:
    """The user's own groups from "* myContacts ::: Kunden", without Google's system groups."""
    labels = []
    for label in split_values(value, _MULTI):
        name = label.lstrip("* ").strip()
        key = fold(name)
        if name and key not in _SYSTEM_LABELS and not _IMPORT_LABEL.match(key):
            labels.append(name)
    return labels
