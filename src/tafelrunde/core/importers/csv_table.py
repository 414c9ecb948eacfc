"""Reading a contacts CSV export: its delimiter, its header row (after any preamble), its rows."""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tafelrunde.core.importers.encoding import decode_text
from tafelrunde.core.records import (
    ContactRecord,
    ParseResult,
    RecordError,
    UnreadableFile,
    gettext_noop,
)
from tafelrunde.core.text import fold

HeaderTest = Callable[[set[str]], bool]  # folded header names → "this is my layout"
RecordBuilder = Callable[[int, "Row"], ContactRecord]

# German Outlook and Excel write ";", "Unicode text" exports use tabs.
_DELIMITERS = (",", ";", "\t")
# LinkedIn puts a few lines of notes before its header; Excel may add a "sep=;" line.
_HEADER_SEARCH_ROWS = 20
_HINT_LENGTH = 80

# Column names are compared folded ("E-Mail 2: Adresse" == "e mail 2 adresse"); cached
# because every row looks up the same few dozen names.
column_key = functools.lru_cache(maxsize=4096)(fold)


class Row:
    """One data row, read by column name in any spelling that folds to the same key."""

    def __init__(self, cells: list[str], columns: dict[str, int]) -> None:
        self._cells = cells
        self._columns = columns

    def has(self, name: str) -> bool:
        """Whether the header has this column."""
        return column_key(name) in self._columns

    def get(self, *names: str) -> str:
        """The first non-empty value among the named columns, stripped; "" when there is none."""
        for name in names:
            index = self._columns.get(column_key(name))
            if index is not None and self._cells[index].strip():
                return self._cells[index].strip()
        return ""


@dataclass
class Table:
    layout: str
    header: list[str]
    reader: Iterator[list[str]]  # positioned on the first data row


def clean_text(text: str) -> str:
    """The text without BOM and NULs, with "\\n" line ends."""
    text = text.lstrip("\ufeff").replace("\x00", "")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def find_table(text: str, layouts: dict[str, HeaderTest]) -> Table | None:
    """The first row near the top that one of the layouts recognises as its header, or None."""
    for delimiter in _DELIMITERS:
        if delimiter not in text:
            continue
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        for _ in range(_HEADER_SEARCH_ROWS):
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error:
                continue
            keys = {column_key(cell) for cell in cells}
            for layout, is_header in layouts.items():
                if is_header(keys):
                    return Table(layout, [cell.strip() for cell in cells], reader)
    return None


def open_table(data: bytes, layouts: dict[str, HeaderTest], expected: str) -> Table:
    """The file's table in one of the layouts; UnreadableFile when empty or in none of them."""
    if not data.strip():
        raise UnreadableFile(gettext_noop("the file is empty"))
    text = clean_text(decode_text(data))
    if not text.strip():
        raise UnreadableFile(gettext_noop("the file is empty"))
    table = find_table(text, layouts)
    if table is None:
        first_line = text.strip().split("\n", 1)[0]
        if len(first_line) > _HINT_LENGTH:
            first_line = first_line[:_HINT_LENGTH] + "…"
        raise UnreadableFile(
            f'this CSV file is not {expected} (its first line reads "{first_line}")'
        )
    return table


def collect_records(table: Table, build: RecordBuilder) -> ParseResult:
    """Every data row built into a record; rows without name, organisation or e-mail are errors."""
    result = ParseResult()
    for number, row in _data_rows(table):
        if isinstance(row, RecordError):
            result.errors.append(row)
            continue
        record = build(number, row)
        if record.can_be_named:
            result.contacts.append(record)
        else:
            problem = gettext_noop("has no name, organisation or e-mail address")
            result.errors.append(RecordError(number, problem))
    return result


def _data_rows(table: Table) -> Iterator[tuple[int, Row | RecordError]]:
    """(1-based row number, row or why it cannot be read); blank rows are counted but skipped."""
    columns: dict[str, int] = {}
    for index, name in enumerate(table.header):
        columns.setdefault(column_key(name), index)
    width = len(table.header)
    number = 0
    while True:
        number += 1
        try:
            cells = next(table.reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield number, RecordError(number, f"cannot be read as CSV: {error}")
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            message = f"has {len(cells)} fields, but the header has {width}"
            yield number, RecordError(number, message)
            continue
        # Spreadsheets drop trailing empty cells; a short row is still the same columns.
        yield number, Row((cells + [""] * width)[:width], columns)
