"""Contacts CSV exports from Google, Outlook, Thunderbird and LinkedIn, told apart by their
header row."""

from __future__ import annotations

from tafelrunde.core.importers.csv_google import google_record, is_google_header, parse_google_csv
from tafelrunde.core.importers.csv_linkedin import (
    is_linkedin_header,
    linkedin_record,
    parse_linkedin_csv,
)
from tafelrunde.core.importers.csv_outlook import (
    is_outlook_header,
    outlook_record,
    parse_outlook_csv,
)
from tafelrunde.core.importers.csv_table import (
    HeaderTest,
    RecordBuilder,
    clean_text,
    collect_records,
    find_table,
    open_table,
)
from tafelrunde.core.importers.csv_thunderbird import (
    is_thunderbird_header,
    parse_thunderbird_csv,
    thunderbird_record,
)
from tafelrunde.core.records import ParseResult

__all__ = [
    "detect_csv_layout",
    "parse_contacts_csv",
    "parse_google_csv",
    "parse_linkedin_csv",
    "parse_outlook_csv",
    "parse_thunderbird_csv",
]

# The first match decides. LinkedIn's "Company" is no Outlook marker, but Thunderbird's
# "First Name", "Home Phone" and "Job Title" are: Thunderbird is asked before Outlook.
_HEADER_TESTS: dict[str, HeaderTest] = {
    "linkedin-csv": is_linkedin_header,
    "google-csv": is_google_header,
    "thunderbird-csv": is_thunderbird_header,
    "outlook-csv": is_outlook_header,
}
_BUILDERS: dict[str, RecordBuilder] = {
    "linkedin-csv": linkedin_record,
    "google-csv": google_record,
    "thunderbird-csv": thunderbird_record,
    "outlook-csv": outlook_record,
}


def detect_csv_layout(text: str) -> str | None:
    """The layout the header row shows ("google-csv", "outlook-csv", "thunderbird-csv",
    "linkedin-csv"), or None."""
    table = find_table(clean_text(text), _HEADER_TESTS)
    return table.layout if table else None


def parse_contacts_csv(data: bytes) -> ParseResult:
    """Contacts from a Google, Outlook, Thunderbird or LinkedIn CSV export, whichever it is."""
    expected = "a Google, Outlook, Thunderbird or LinkedIn contacts export"
    table = open_table(data, _HEADER_TESTS, expected)
    return collect_records(table, _BUILDERS[table.layout])
