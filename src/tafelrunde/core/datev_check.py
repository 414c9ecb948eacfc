"""Reading a DATEV Buchungsstapel back against the format's rules, one problem per line.

What is checked is what an import into DATEV refuses: the bytes (Windows-1252, CRLF), the
header line field by field, the column names in their order, and each booking's fields
(positive amount with a decimal comma, S or H, accounts of the header's length, a valid
DDMM date inside the batch's days, document number and text within their limits, text in
quotes and numbers without).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from tafelrunde.core.datev import (
    AMOUNT_PATTERN,
    CHARTS,
    COLUMN,
    COLUMNS,
    DOCUMENT_PATTERN,
    ENCODING,
    HEADER_FIELDS,
    TEXT_COLUMNS,
    TEXT_LIMIT,
    TITLE_LIMIT,
    Field,
    next_fiscal_year,
    split_line,
)

MAX_PROBLEMS = 100


@dataclass
class ParsedBatch:
    header: list[Field] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[Field]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def value(self, row: list[Field], column: str) -> str:
        return row[COLUMN[column]].text


def check_batch(data: bytes) -> ParsedBatch:
    """The batch read back: its header, columns and rows, and every problem found."""
    batch = ParsedBatch()
    try:
        text = data.decode(ENCODING)
    except UnicodeDecodeError as exc:
        batch.problems.append(f"not Windows-1252 at byte {exc.start}")
        return batch
    if not text.endswith("\r\n"):
        batch.problems.append("the last line does not end with CRLF")
    lines = text.removesuffix("\r\n").split("\r\n")
    for number, line in enumerate(lines, 1):
        if "\n" in line or "\r" in line:
            batch.problems.append(f"line {number}: a line break that is not CRLF")
    if len(lines) < 2:
        batch.problems.append("no line of column names")
        return batch
    try:
        batch.header = split_line(lines[0])
    except ValueError as exc:
        batch.problems.append(f"header: {exc}")
        return batch
    _check_header(batch)
    batch.columns = lines[1].split(";")
    if tuple(batch.columns) != COLUMNS:
        wrong = next(
            (n for n, (a, b) in enumerate(zip(batch.columns, COLUMNS, strict=False)) if a != b),
            min(len(batch.columns), len(COLUMNS)),
        )
        batch.problems.append(f"column names differ from column {wrong + 1} on")
    for number, line in enumerate(lines[2:], 3):
        try:
            row = split_line(line)
        except ValueError as exc:
            batch.problems.append(f"line {number}: {exc}")
            continue
        batch.rows.append(row)
        _check_row(batch, number, row)
        if len(batch.problems) >= MAX_PROBLEMS:
            break
    return batch


def _check_header(batch: ParsedBatch) -> None:
    fields = batch.header
    problems = batch.problems
    if len(fields) != len(HEADER_FIELDS):
        problems.append(f"header: {len(fields)} fields, not {len(HEADER_FIELDS)}")
        return
    fixed = {0: ("EXTF", True), 1: ("700", False), 2: ("21", False)}
    fixed |= {3: ("Buchungsstapel", True), 4: ("13", False)}
    for index, (text, is_quoted) in fixed.items():
        if (fields[index].text, fields[index].quoted) != (text, is_quoted):
            problems.append(f"header: {HEADER_FIELDS[index]} must be {text}")
    _check_created(fields[5].text, problems)
    for index in (6, 9):  # set by DATEV on import
        if fields[index].text:
            problems.append(f"header: {HEADER_FIELDS[index]} must be empty")
    _check_number(fields[10].text, 1001, 9_999_999, "header: Beraternummer", problems)
    _check_number(fields[11].text, 1, 99_999, "header: Mandantennummer", problems)
    _check_number(fields[13].text, 4, 8, "header: Sachkontenlänge", problems)
    days = [_day(fields[index].text) for index in (12, 14, 15)]
    for index, day in zip((12, 14, 15), days, strict=True):
        if day is None:
            problems.append(f"header: {HEADER_FIELDS[index]} is no date YYYYMMDD")
    year_start, start, end = days
    if year_start and start and end:
        if start > end:
            problems.append("header: Datum vom is after Datum bis")
        if not year_start <= start <= end < next_fiscal_year(year_start):
            problems.append("header: Datum vom and Datum bis are not in the fiscal year")
    if not fields[16].quoted or len(fields[16].text) > TITLE_LIMIT:
        problems.append(f"header: Bezeichnung must be text of up to {TITLE_LIMIT} characters")
    if len(fields[17].text) > 2:
        problems.append("header: Diktatkürzel has more than 2 characters")
    if fields[18].text not in {"1", "2"}:
        problems.append("header: Buchungstyp must be 1 or 2")
    if fields[20].text not in {"", "0", "1"}:
        problems.append("header: Festschreibung must be 0 or 1")
    if not re.fullmatch(r"[A-Z]{3}", fields[21].text) or not fields[21].quoted:
        problems.append("header: WKZ must be a quoted currency code")
    if fields[26].text and fields[26].text not in CHARTS.values():
        problems.append("header: Sachkontenrahmen must be 03 or 04")


def _check_created(text: str, problems: list[str]) -> None:
    try:
        dt.datetime.strptime(text[:14], "%Y%m%d%H%M%S")
        valid = len(text) == 17 and text.isdigit()
    except ValueError:
        valid = False
    if not valid:
        problems.append("header: Erzeugt am is no time YYYYMMDDHHMMSSmmm")


def _check_number(text: str, low: int, high: int, what: str, problems: list[str]) -> None:
    if not (text.isdigit() and low <= int(text) <= high):
        problems.append(f"{what} must be a number from {low} to {high}")


def _day(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date() if len(text) == 8 else None
    except ValueError:
        return None


def _check_row(batch: ParsedBatch, number: int, row: list[Field]) -> None:
    problems = batch.problems
    where = f"line {number}"
    if len(row) != len(COLUMNS):
        problems.append(f"{where}: {len(row)} fields, not {len(COLUMNS)}")
        return
    for index, cell in enumerate(row):
        if cell.text and cell.quoted != (index in TEXT_COLUMNS):
            kind = "text must be quoted" if index in TEXT_COLUMNS else "must not be quoted"
            problems.append(f"{where}: {COLUMNS[index]}: {kind}")

    def value(column: str) -> str:
        return row[COLUMN[column]].text

    if not AMOUNT_PATTERN.fullmatch(value("Umsatz (ohne Soll/Haben-Kz)")) or value(
        "Umsatz (ohne Soll/Haben-Kz)"
    ) in {"0,00"}:
        problems.append(f"{where}: Umsatz must be positive like 1234,56")
    if value("Soll/Haben-Kennzeichen") not in {"S", "H"}:
        problems.append(f"{where}: Soll/Haben-Kennzeichen must be S or H")
    length = int(batch.header[13].text) if batch.header[13].text.isdigit() else 0
    for column in ("Konto", "Gegenkonto (ohne BU-Schlüssel)"):
        account = value(column)
        if not (account.isdigit() and length <= len(account) <= length + 1):
            problems.append(f"{where}: {column} must have {length} (or {length + 1}) digits")
    if not re.fullmatch(r"\d{0,4}", value("BU-Schlüssel")):
        problems.append(f"{where}: BU-Schlüssel must be up to 4 digits")
    _check_document_date(batch, where, value("Belegdatum"))
    if not DOCUMENT_PATTERN.fullmatch(value("Belegfeld 1")):
        problems.append(f"{where}: Belegfeld 1 must be 1 to 36 of A-Z a-z 0-9 $ & % * + - /")
    if len(value("Buchungstext")) > TEXT_LIMIT:
        problems.append(f"{where}: Buchungstext is longer than {TEXT_LIMIT} characters")
    if value("Festschreibung") not in {"", "0", "1"}:
        problems.append(f"{where}: Festschreibung must be 0 or 1")


def _check_document_date(batch: ParsedBatch, where: str, text: str) -> None:
    start, end = _day(batch.header[14].text), _day(batch.header[15].text)
    if not re.fullmatch(r"\d{4}", text) or start is None or end is None:
        batch.problems.append(f"{where}: Belegdatum must be DDMM")
        return
    day, month = int(text[:2]), int(text[2:])
    found = None
    for year in {start.year, end.year}:
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if start <= candidate <= end:
            found = candidate
    if found is None:
        batch.problems.append(f"{where}: Belegdatum {text} is not between Datum vom and bis")
