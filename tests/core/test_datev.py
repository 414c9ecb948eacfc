"""The DATEV Buchungsstapel as bytes: header, columns, bookings, and reading it back."""

import datetime as dt
from decimal import Decimal

import pytest

from tafelrunde.core.datev import (
    COLUMNS,
    HEADER_FIELDS,
    BatchHeader,
    Booking,
    amount_text,
    fiscal_year_start,
    split_line,
    windows_1252,
    write_batch,
)
from tafelrunde.core.datev_check import check_batch

HEADER = BatchHeader(
    adviser=29098,
    client=55003,
    fiscal_year_start=dt.date(2027, 1, 1),
    account_length=4,
    start=dt.date(2027, 3, 1),
    end=dt.date(2027, 3, 31),
    title="Bewirtung März",
    chart="SKR03",
    created=dt.datetime(2027, 4, 2, 9, 5, 7, 123456),
)


def booking(**fields) -> Booking:
    values = {
        "amount": Decimal("86.45"),
        "account": "4650",
        "contra": "1000",
        "tax_key": "9",
        "date": dt.date(2027, 3, 14),
        "document": "TR42",
        "text": "Bewirtung 70 % USt 19 % Brauhaus Müller",
    }
    return Booking(**(values | fields))


def lines_of(data: bytes) -> list[str]:
    return data.decode("cp1252").split("\r\n")


def test_the_header_line_has_every_field_of_format_700_category_21_version_13():
    data = write_batch(HEADER, [booking()])
    header = split_line(lines_of(data)[0])
    assert len(header) == len(HEADER_FIELDS) == 31
    assert [field.text for field in header[:17]] == [
        "EXTF", "700", "21", "Buchungsstapel", "13", "20270402090507123", "", "", "", "",
        "29098", "55003", "20270101", "4", "20270301", "20270331", "Bewirtung März",
    ]  # fmt: skip
    assert [field.text for field in header[18:22]] == ["1", "0", "0", "EUR"]
    assert header[26].text == "03"
    assert lines_of(data)[0].startswith('"EXTF";700;21;"Buchungsstapel";13;20270402090507123;')


def test_the_column_line_names_the_125_columns_in_datevs_order_and_spelling():
    data = write_batch(HEADER, [])
    names = lines_of(data)[1].split(";")
    assert len(names) == 125
    assert names[:14] == [
        "Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen", "WKZ Umsatz", "Kurs",
        "Basis-Umsatz", "WKZ Basis-Umsatz", "Konto", "Gegenkonto (ohne BU-Schlüssel)",
        "BU-Schlüssel", "Belegdatum", "Belegfeld 1", "Belegfeld 2", "Skonto", "Buchungstext",
    ]  # fmt: skip
    assert names[20:22] == ["Beleginfo - Art 1", "Beleginfo - Inhalt 1"]
    assert names[47:49] == ["Zusatzinformation - Art 1", "Zusatzinformation- Inhalt 1"]
    assert names[113] == "Festschreibung" and names[-1] == "Abw. Skontokonto"
    assert tuple(names) == COLUMNS


def test_a_booking_has_decimal_comma_ddmm_date_quoted_text_and_crlf():
    data = write_batch(HEADER, [booking(amount=Decimal("1234.5"))])
    assert (
        data.endswith(b"\r\n")
        and data.count(b"\r\n") == 3
        and b"\n" not in data.replace(b"\r\n", b"")
    )
    line = lines_of(data)[2]
    assert line.startswith('1234,50;"S";"EUR";;;;4650;1000;"9";1403;"TR42";;;"Bewirtung 70 %')
    assert len(line.split(";")) == 125


def test_the_file_reads_back_clean():
    data = write_batch(HEADER, [booking(), booking(account="4654", amount=Decimal("37.05"))])
    batch = check_batch(data)
    assert batch.problems == []
    assert [batch.value(row, "Konto") for row in batch.rows] == ["4650", "4654"]
    assert batch.value(batch.rows[1], "Umsatz (ohne Soll/Haben-Kz)") == "37,05"


def test_text_is_windows_1252_with_quotes_doubled_and_cut_to_60_characters():
    text = 'Trattoria "Da Łukasz" – Zoë\nŐrség 😀 ' + "x" * 80
    data = write_batch(HEADER, [booking(text=text)])
    batch = check_batch(data)
    assert batch.problems == []
    written = batch.value(batch.rows[0], "Buchungstext")
    assert written.startswith('Trattoria "Da Lukasz" – Zoë Orség ? x')
    assert len(written) == 60
    assert '"Trattoria ""Da Lukasz"" – Zoë' in lines_of(data)[2]
    assert "€".encode("cp1252") == b"\x80" and windows_1252("5 € für Ärger") == "5 € für Ärger"


def test_a_semicolon_in_a_text_stays_inside_its_field():
    data = write_batch(HEADER, [booking(text="Müller; Söhne")])
    batch = check_batch(data)
    assert batch.problems == []
    assert batch.value(batch.rows[0], "Buchungstext") == "Müller; Söhne"


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("0.01"), "0,01"),
        (Decimal("12"), "12,00"),
        (Decimal("1234567.891"), "1234567,89"),
    ],
)
def test_amounts_have_two_decimals_and_no_thousands_separator(amount, text):
    assert amount_text(amount) == text


@pytest.mark.parametrize("amount", [Decimal(0), Decimal("-1.00"), Decimal("1e12")])
def test_an_amount_datev_cannot_take_is_refused(amount):
    with pytest.raises(ValueError):
        amount_text(amount)


@pytest.mark.parametrize("document", ["TR 42", "TR42ä", "", "T" * 37, 'TR"42'])
def test_a_document_number_outside_datevs_characters_is_refused(document):
    with pytest.raises(ValueError):
        write_batch(HEADER, [booking(document=document)])


def test_the_fiscal_year_may_start_in_any_month():
    assert fiscal_year_start(dt.date(2027, 3, 14), 1) == dt.date(2027, 1, 1)
    assert fiscal_year_start(dt.date(2027, 3, 14), 7) == dt.date(2026, 7, 1)
    assert fiscal_year_start(dt.date(2027, 7, 1), 7) == dt.date(2027, 7, 1)


def good_file() -> bytes:
    return write_batch(HEADER, [booking()])


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (lambda d: d.replace(b"\r\n", b"\n"), "no line of column names"),
        (lambda d: d[:-2], "does not end with CRLF"),
        (lambda d: d.replace(b'"EXTF"', b'"DTVX"'), "Formatkennzeichen must be EXTF"),
        (lambda d: d.replace(b";700;", b";510;", 1), "Versionsnummer must be 700"),
        (lambda d: d.replace(b";29098;", b";999;"), "Beraternummer must be a number"),
        (lambda d: d.replace(b";20270101;", b";20260101;"), "not in the fiscal year"),
        (lambda d: d.replace(b"86,45", b"86.45"), "Umsatz must be positive"),
        (lambda d: d.replace(b'"S"', b'"X"'), "Soll/Haben-Kennzeichen must be S or H"),
        (lambda d: d.replace(b";4650;", b";465;"), "Konto must have 4"),
        (lambda d: d.replace(b";1403;", b";3002;"), "Belegdatum 3002 is not"),
        (lambda d: d.replace(b";1403;", b";14.3;"), "Belegdatum must be DDMM"),
        (lambda d: d.replace(b";1403;", b";1404;"), "not between Datum vom and bis"),
        (lambda d: d.replace(b'"TR42"', b'"TR 42"'), "Belegfeld 1 must be"),
        (lambda d: d.replace(b'"TR42"', b"TR42"), "Belegfeld 1: text must be quoted"),
        (lambda d: d.replace(b";4650;", b';"4650";'), "Konto: must not be quoted"),
        (lambda d: d.replace(b"Umsatz (ohne", b"Betrag (ohne"), "column names differ"),
        (lambda d: d.replace(b"Bewirtung 70", b"B" * 61 + b" 70"), "longer than 60"),
        (lambda d: d.replace(b"\r\n86,45", b"\r\n86,45;;"), "127 fields, not 125"),
    ],
)
def test_the_check_finds_what_datev_refuses(broken, problem):
    data = broken(good_file())
    problems = check_batch(data).problems
    assert problems, "the broken file passed"
    assert any(problem in found for found in problems), problems


def test_a_file_that_is_not_windows_1252_is_refused():
    assert check_batch(b"\x81\x8d\r\n").problems == ["not Windows-1252 at byte 0"]
