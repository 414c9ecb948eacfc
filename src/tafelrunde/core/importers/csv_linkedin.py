"""LinkedIn's Connections.csv: a few lines of notes, then one row per connection."""

from __future__ import annotations

from tafelrunde.core.importers.csv_table import Row, collect_records, column_key, open_table
from tafelrunde.core.importers.csv_values import join_name, parse_date
from tafelrunde.core.records import ContactRecord, ParseResult

LAYOUT = "linkedin-csv"
# Older exports have no "URL" column; every one has these.
_REQUIRED = {column_key(name) for name in ("First Name", "Last Name", "Connected On")}


def is_linkedin_header(keys: set[str]) -> bool:
    """Whether a folded header row is LinkedIn's connections export."""
    return keys >= _REQUIRED


def parse_linkedin_csv(data: bytes) -> ParseResult:
    """Contacts from LinkedIn's Connections.csv; UnreadableFile when it is not one."""
    table = open_table(data, {LAYOUT: is_linkedin_header}, "a LinkedIn connections export")
    return collect_records(table, linkedin_record)


def linkedin_record(number: int, row: Row) -> ContactRecord:
    """One connection as a contact record: known since the day of connecting."""
    given, family = row.get("First Name"), row.get("Last Name")
    email = row.get("Email Address", "E-mail Address")
    return ContactRecord(
        source_kind=LAYOUT,
        record_number=number,
        external_id=row.get("URL", "Profile URL"),
        given_name=given,
        family_name=family,
        full_name=join_name(given, family),
        organisation=row.get("Company"),
        role=row.get("Position"),
        emails=[email] if email else [],
        known_since=parse_date(row.get("Connected On")),
        kinds=["social_network"],
    )
