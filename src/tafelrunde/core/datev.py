"""The DATEV format's Buchungsstapel (EXTF, header version 700, category 21, format version 13).

A batch is three kinds of lines, each ending in CRLF and encoded in Windows-1252: the header
line (who the batch is for, its fiscal year and dates), the line of column names, and one line
per booking. Fields are separated by semicolons; text fields are quoted with doubled quotes
inside, amounts have a decimal comma and no thousands separator, the document date is DDMM
(the year comes from the header). `write_batch` writes one; `check_batch` reads one back
against those rules, for the tests and for anyone who wants to know why an import failed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ENCODING = "cp1252"
NEWLINE = "\r\n"
TEXT_LIMIT = 60  # Buchungstext
DOCUMENT_LIMIT = 36  # Belegfeld 1
TITLE_LIMIT = 30  # Bezeichnung of the batch
DOCUMENT_PATTERN = re.compile(r"[A-Za-z0-9$&%*+\-/]{1,36}")
AMOUNT_PATTERN = re.compile(r"\d{1,10},\d{2}")
CHARTS = {"SKR03": "03", "SKR04": "04"}
# Letters that Unicode does not decompose into a base letter and an accent.
PLAIN_LETTERS = str.maketrans("ŁłĐđĦħıŦŧ", "LlDdHhiTt")

HEADER_FIELDS = (
    "Formatkennzeichen",
    "Versionsnummer",
    "Formatkategorie",
    "Formatname",
    "Formatversion",
    "Erzeugt am",
    "Importiert",
    "Herkunft",
    "Exportiert von",
    "Importiert von",
    "Beraternummer",
    "Mandantennummer",
    "WJ-Beginn",
    "Sachkontenlänge",
    "Datum vom",
    "Datum bis",
    "Bezeichnung",
    "Diktatkürzel",
    "Buchungstyp",
    "Rechnungslegungszweck",
    "Festschreibung",
    "WKZ",
    "reserviert 1",
    "Derivatskennzeichen",
    "reserviert 2",
    "reserviert 3",
    "Sachkontenrahmen",
    "ID der Branchenlösung",
    "reserviert 4",
    "reserviert 5",
    "Anwendungsinformation",
)


def _pairs(kind: str, content: str, count: int) -> list[str]:
    return [name for n in range(1, count + 1) for name in (f"{kind} {n}", f"{content} {n}")]


# The 125 columns of format version 13, spelled as DATEV spells them (the missing space in
# "Zusatzinformation- Inhalt" included).
COLUMNS = (
    "Umsatz (ohne Soll/Haben-Kz)",
    "Soll/Haben-Kennzeichen",
    "WKZ Umsatz",
    "Kurs",
    "Basis-Umsatz",
    "WKZ Basis-Umsatz",
    "Konto",
    "Gegenkonto (ohne BU-Schlüssel)",
    "BU-Schlüssel",
    "Belegdatum",
    "Belegfeld 1",
    "Belegfeld 2",
    "Skonto",
    "Buchungstext",
    "Postensperre",
    "Diverse Adressnummer",
    "Geschäftspartnerbank",
    "Sachverhalt",
    "Zinssperre",
    "Beleglink",
    *_pairs("Beleginfo - Art", "Beleginfo - Inhalt", 8),
    "KOST1 - Kostenstelle",
    "KOST2 - Kostenstelle",
    "Kost-Menge",
    "EU-Land u. UStID (Bestimmung)",
    "EU-Steuersatz (Bestimmung)",
    "Abw. Versteuerungsart",
    "Sachverhalt L+L",
    "Funktionsergänzung L+L",
    "BU 49 Hauptfunktionstyp",
    "BU 49 Hauptfunktionsnummer",
    "BU 49 Funktionsergänzung",
    *_pairs("Zusatzinformation - Art", "Zusatzinformation- Inhalt", 20),
    "Stück",
    "Gewicht",
    "Zahlweise",
    "Forderungsart",
    "Veranlagungsjahr",
    "Zugeordnete Fälligkeit",
    "Skontotyp",
    "Auftragsnummer",
    "Buchungstyp",
    "USt-Schlüssel (Anzahlungen)",
    "EU-Land (Anzahlungen)",
    "Sachverhalt L+L (Anzahlungen)",
    "EU-Steuersatz (Anzahlungen)",
    "Erlöskonto (Anzahlungen)",
    "Herkunft-Kz",
    "Buchungs GUID",
    "KOST-Datum",
    "SEPA-Mandatsreferenz",
    "Skontosperre",
    "Gesellschaftername",
    "Beteiligtennummer",
    "Identifikationsnummer",
    "Zeichnernummer",
    "Postensperre bis",
    "Bezeichnung SoBil-Sachverhalt",
    "Kennzeichen SoBil-Buchung",
    "Festschreibung",
    "Leistungsdatum",
    "Datum Zuord. Steuerperiode",
    "Fälligkeit",
    "Generalumkehr (GU)",
    "Steuersatz",
    "Land",
    "Abrechnungsreferenz",
    "BVV-Position",
    "EU-Land u. UStID (Ursprung)",
    "EU-Steuersatz (Ursprung)",
    "Abw. Skontokonto",
)
COLUMN = {name: index for index, name in enumerate(COLUMNS)}
# Columns whose content is text, written in quotes; all others are numbers, dates or codes.
TEXT_COLUMNS = frozenset(
    COLUMN[name]
    for name in COLUMNS
    if name.startswith(("Beleginfo", "Zusatzinformation", "KOST1", "KOST2", "EU-Land"))
    or name
    in {
        "Soll/Haben-Kennzeichen",
        "WKZ Umsatz",
        "WKZ Basis-Umsatz",
        "BU-Schlüssel",
        "Belegfeld 1",
        "Belegfeld 2",
        "Buchungstext",
        "Diverse Adressnummer",
        "Beleglink",
        "Abw. Versteuerungsart",
        "Forderungsart",
        "Auftragsnummer",
        "Buchungstyp",
        "Herkunft-Kz",
        "Buchungs GUID",
        "SEPA-Mandatsreferenz",
        "Gesellschaftername",
        "Identifikationsnummer",
        "Zeichnernummer",
        "Bezeichnung SoBil-Sachverhalt",
        "Land",
        "Abrechnungsreferenz",
    }
)


@dataclass(frozen=True)
class BatchHeader:
    """What the header line says: for whom, which fiscal year, which days, which chart."""

    adviser: int  # Beraternummer, 1001–9999999
    client: int  # Mandantennummer, 1–99999
    fiscal_year_start: dt.date
    account_length: int  # Sachkontenlänge, 4–8
    start: dt.date
    end: dt.date
    title: str  # Bezeichnung, up to 30 characters
    chart: str  # "SKR03" or "SKR04"
    created: dt.datetime
    currency: str = "EUR"


@dataclass(frozen=True)
class Booking:
    """One booking line: `amount` (positive, EUR) debited to `account`, credited to `contra`."""

    amount: Decimal
    account: str
    contra: str
    tax_key: str  # BU-Schlüssel, "" for none
    date: dt.date
    document: str  # Belegfeld 1
    text: str  # Buchungstext; cut to 60 characters
    debit_credit: str = "S"


def fiscal_year_start(day: dt.date, first_month: int) -> dt.date:
    """The first day of the fiscal year (starting in `first_month`) that `day` falls in."""
    year = day.year if day.month >= first_month else day.year - 1
    return dt.date(year, first_month, 1)


def next_fiscal_year(start: dt.date) -> dt.date:
    return start.replace(year=start.year + 1)


def windows_1252(text: str) -> str:
    """`text` with only characters Windows-1252 holds: line breaks become spaces, letters
    lose the accents it lacks ("ł" → "l", "ő" → "o"), anything else becomes "?"."""
    kept = []
    for char in unicodedata.normalize("NFC", " ".join(text.split())):
        if _encodable(char):
            kept.append(char)
            continue
        decomposed = unicodedata.normalize("NFKD", char.translate(PLAIN_LETTERS))
        plain = [c for c in decomposed if not unicodedata.combining(c)]
        replacement = "".join(c for c in plain if _encodable(c))
        kept.append(replacement or "?")
    return "".join(kept)


def _encodable(char: str) -> bool:
    try:
        char.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return unicodedata.category(char) != "Cc"


def quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def amount_text(amount: Decimal) -> str:
    """1234.5 → "1234,50": two decimals, a decimal comma, no thousands separator."""
    if amount <= 0:
        raise ValueError(f"A DATEV amount is positive, not {amount}.")
    text = f"{amount.quantize(Decimal('0.01')):f}".replace(".", ",")
    if not AMOUNT_PATTERN.fullmatch(text):
        raise ValueError(f"{amount} is too large for a DATEV amount.")
    return text


def header_line(header: BatchHeader) -> str:
    fields = [
        quoted("EXTF"),
        "700",
        "21",
        quoted("Buchungsstapel"),
        "13",
        header.created.strftime("%Y%m%d%H%M%S") + f"{header.created.microsecond // 1000:03d}",
        "",
        "",
        "",
        "",
        str(header.adviser),
        str(header.client),
        f"{header.fiscal_year_start:%Y%m%d}",
        str(header.account_length),
        f"{header.start:%Y%m%d}",
        f"{header.end:%Y%m%d}",
        quoted(windows_1252(header.title)[:TITLE_LIMIT]),
        quoted(""),
        "1",  # Finanzbuchführung
        "0",  # for every purpose of accounts
        "0",  # not fixed: the accountant checks before fixing
        quoted(header.currency),
        "",
        quoted(""),
        "",
        "",
        quoted(CHARTS[header.chart]),
        "",
        "",
        quoted(""),
        quoted(""),
    ]
    return ";".join(fields)


def booking_line(booking: Booking) -> str:
    if not DOCUMENT_PATTERN.fullmatch(booking.document):
        raise ValueError(f"{booking.document!r} is not a DATEV document number.")
    fields = [""] * len(COLUMNS)
    values = {
        "Umsatz (ohne Soll/Haben-Kz)": amount_text(booking.amount),
        "Soll/Haben-Kennzeichen": quoted(booking.debit_credit),
        "WKZ Umsatz": quoted("EUR"),
        "Konto": booking.account,
        "Gegenkonto (ohne BU-Schlüssel)": booking.contra,
        "BU-Schlüssel": quoted(booking.tax_key) if booking.tax_key else "",
        "Belegdatum": f"{booking.date:%d%m}",
        "Belegfeld 1": quoted(booking.document),
        "Buchungstext": quoted(windows_1252(booking.text)[:TEXT_LIMIT]),
        "Festschreibung": "0",
    }
    for name, value in values.items():
        fields[COLUMN[name]] = value
    return ";".join(fields)


def write_batch(header: BatchHeader, bookings: Iterable[Booking]) -> bytes:
    """The batch file: header, column names, bookings; CRLF, Windows-1252."""
    lines = [header_line(header), ";".join(COLUMNS)]
    lines.extend(booking_line(booking) for booking in bookings)
    return (NEWLINE.join(lines) + NEWLINE).encode(ENCODING)


# Reading a batch back.


@dataclass(frozen=True)
class Field:
    text: str
    quoted: bool


def split_line(line: str) -> list[Field]:
    """A line's fields; a quoted field may hold semicolons and doubled quotes."""
    fields: list[Field] = []
    position = 0
    while True:
        if line.startswith('"', position):
            end = position + 1
            parts = []
            while True:
                close = line.find('"', end)
                if close < 0:
                    raise ValueError("a quote is not closed")
                parts.append(line[end:close])
                if line.startswith('"', close + 1):
                    parts.append('"')
                    end = close + 2
                    continue
                position = close + 1
                break
            fields.append(Field("".join(parts), True))
        else:
            end = line.find(";", position)
            end = len(line) if end < 0 else end
            text = line[position:end]
            if '"' in text:
                raise ValueError("a quote inside an unquoted field")
            fields.append(Field(text, False))
            position = end
        if position == len(line):
            return fields
        if line[position] != ";":
            raise ValueError("text after a closing quote")
        position += 1
