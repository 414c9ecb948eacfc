"""Which format a file is in, judged by its content, and the parser for it."""

from __future__ import annotations

from tafelrunde.core.records import ParseResult, UnreadableFile, gettext_noop

FORMATS = (
    *("auto", "vcard", "google-csv", "outlook-csv", "thunderbird-csv", "linkedin-csv", "ics"),
    "json",
)


def detect_format(data: bytes) -> str:
    """One of FORMATS (not "auto") for the file's content; UnreadableFile when it is none."""
    from tafelrunde.core.importers.csv_contacts import detect_csv_layout
    from tafelrunde.core.importers.encoding import decode_text
    from tafelrunde.core.importers.ics import looks_like_ics

    text = decode_text(data)
    head = text.lstrip()[:4096]
    upper = head.upper()
    if looks_like_ics(text):
        return "ics"
    if "BEGIN:VCARD" in upper:
        return "vcard"
    if head.startswith("{") and '"contacts"' in text[:100_000]:
        return "json"
    layout = detect_csv_layout(text)
    if layout:
        return layout
    first_line = head.split("\n", 1)[0]
    if any(delimiter in first_line for delimiter in ",;\t"):
        from tafelrunde.core.importers.csv_contacts import parse_contacts_csv

        parse_contacts_csv(data)  # raises its own message, naming the columns it saw
    raise UnreadableFile(
        gettext_noop(
            "not a format Tafelrunde reads (vCard, Google/Outlook/Thunderbird/LinkedIn CSV, "
            "iCalendar, or a Tafelrunde JSON export)"
        )
    )


def parse_file(data: bytes, fmt: str = "auto") -> tuple[str, ParseResult]:
    """(format, records) for a file; JSON exports are parsed by the caller (they need the DB)."""
    if not data or not data.strip():
        raise UnreadableFile(gettext_noop("the file is empty"))
    if fmt == "auto":
        fmt = detect_format(data)
    if fmt == "vcard":
        from tafelrunde.core.importers.vcard import parse_vcards

        return fmt, parse_vcards(data)
    if fmt == "ics":
        from tafelrunde.core.importers.ics import parse_ics

        return fmt, parse_ics(data)
    if fmt in {"google-csv", "outlook-csv", "thunderbird-csv", "linkedin-csv"}:
        from tafelrunde.core.importers import csv_contacts

        parser = {
            "google-csv": csv_contacts.parse_google_csv,
            "outlook-csv": csv_contacts.parse_outlook_csv,
            "thunderbird-csv": csv_contacts.parse_thunderbird_csv,
            "linkedin-csv": csv_contacts.parse_linkedin_csv,
        }[fmt]
        return fmt, parser(data)
    if fmt == "json":
        return fmt, ParseResult()
    raise UnreadableFile(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
