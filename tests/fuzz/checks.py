"""What every importer promises, checked the same way for each format."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from tafelrunde.core.records import ParseResult, UnreadableFile
from tafelrunde.exchange.importing import ImportFailed, ImportReport, import_files
from tests.fuzz.conftest import owned_rows, row_counts


def strings_in(value) -> Iterator[str]:
    """Every string inside a record (dataclasses, lists, dicts), however deep."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            yield from strings_in(getattr(value, item.name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)


def assert_clean_records(result: ParseResult) -> None:
    """No NUL reaches the database (PostgreSQL refuses it), every error says why."""
    for record in [*result.contacts, *result.trips]:
        assert not any("\x00" in text for text in strings_in(record)), record
    for error in result.errors:
        assert error.record >= 1
        assert error.message.strip()


def assert_parses_or_refuses(parse, data: bytes, *args) -> ParseResult | None:
    """The parser returns records, or refuses the whole file with UnreadableFile and a reason."""
    try:
        result = parse(data, *args)
    except UnreadableFile as exc:
        assert str(exc).strip()
        return None
    if isinstance(result, tuple):  # parse_file: (format, records)
        result = result[1]
    assert_clean_records(result)
    return result


def assert_reported(report: ImportReport, source: str, bad_numbers: set[int]) -> None:
    """Every bad record is in the report with its file, number and reason; nothing else is."""
    assert {e["record"] for e in report.errors} == bad_numbers, report.errors
    for error in report.errors:
        assert error["source"] == source
        assert error["message"].strip()
    assert report.failed == len(bad_numbers)


def import_or_refuse(
    owner, files: list[tuple[str, bytes]], fmt: str = "auto", strict: bool = True
) -> ImportReport | None:
    """Import; when a file is refused, nothing in the database changed. A second import of
    what was imported changes nothing either. Returns the first report (None if refused)."""
    before = row_counts()
    try:
        report = import_files(owner, files, fmt)
    except ImportFailed as exc:
        assert any(name in str(exc) for name, _data in files), exc
        assert row_counts() == before
        return None
    assert_repeat_changes_nothing(owner, files, fmt, strict)
    return report


def assert_repeat_changes_nothing(owner, files, fmt: str = "auto", strict: bool = True) -> None:
    """Nothing new, nothing different; `strict`: nothing even rewritten the same way."""
    snapshot = owned_rows(owner)
    again = import_files(owner, files, fmt)
    assert (again.created, again.trips_created) == (0, 0), again.as_json()
    if strict:
        assert (again.merged, again.updated, again.trips_updated) == (0, 0, 0), again.as_json()
    assert owned_rows(owner) == snapshot
