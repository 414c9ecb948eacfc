"""A restaurant's bill as OCR text, read into its restaurant, address, date, total and tip.

German and English bills. Every rule looks at one line at a time, and only the first lines of
a long text, each cut to a sane length: the reading is linear in the text and bounded. What is
not found clearly stays None; nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

MAX_LINES = 300
MAX_LINE = 200
HEAD_LINES = 12  # the restaurant and its address are printed at the top
MAX_AMOUNT = Decimal("1000000")

MONTHS = {
    **dict.fromkeys(("jan", "januar", "january", "jän", "jänner"), 1),
    **dict.fromkeys(("feb", "februar", "february"), 2),
    **dict.fromkeys(("mär", "mar", "märz", "maerz", "march"), 3),
    **dict.fromkeys(("apr", "april"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("jun", "juni", "june"), 6),
    **dict.fromkeys(("jul", "juli", "july"), 7),
    **dict.fromkeys(("aug", "august"), 8),
    **dict.fromkeys(("sep", "sept", "september"), 9),
    **dict.fromkeys(("okt", "oct", "oktober", "october"), 10),
    **dict.fromkeys(("nov", "november"), 11),
    **dict.fromkeys(("dez", "dec", "dezember", "december"), 12),
}
MONTH = r"([A-Za-zÄÖÜäöü]{3,9})\.?"
DATES = [
    # (pattern, order of its groups: d m y); the first match in the text wins.
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)"), "ymd"),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b"), "dmy"),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{2})\b(?![./]?\d)"), "dmy"),
    (re.compile(r"\b(\d{1,2})\.?\s+" + MONTH + r"\s+(\d{4})\b"), "dMy"),
    (re.compile(r"\b" + MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b"), "Mdy"),
]
# 1.234,56 or 1,234.56 or 83,32 or 83.32, the last group the cents.
AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,']\d{3})+|\d{1,7})\s?[.,]\s?(\d{2})(?![\d.,]*\d)")
TOTAL_WORDS = re.compile(
    r"\b(summe|gesamt\w*|total|zu\s+zahlen|zahlbetrag|endbetrag|rechnungsbetrag|"
    r"betrag|amount\s+due|balance\s+due|grand\s+total)\b",
    re.IGNORECASE,
)
PAID_WORDS = re.compile(r"\b(bar|eur|euro|ec|karte|kartenzahlung|visa|mastercard|card)\b", re.I)
NOT_TOTAL = re.compile(
    r"zwischen|sub\s*-?total|netto|net\b|mwst|ust|steuer|vat|tax|rückgeld|rueckgeld|"
    r"change|gegeben|tendered|trinkgeld|\btips?\b|gratuity|service",
    re.IGNORECASE,
)
TIP_WORDS = re.compile(r"\b(trinkgeld|tips?|gratuity)\b", re.IGNORECASE)
CURRENCIES = [("€", "EUR"), ("EUR", "EUR"), ("CHF", "CHF"), ("USD", "USD"), ("$", "USD")]
CURRENCIES += [("£", "GBP"), ("GBP", "GBP")]
POSTCODE_CITY = re.compile(r"^(?:D-?\s?)?(\d{5}|\d{4})\s+([A-ZÄÖÜ][\wÄÖÜäöüß.\- ()/]{1,60})$")
STREET = re.compile(
    r"^[A-ZÄÖÜ\d][\wÄÖÜäöüß.\-' ]{1,60}?\s\d{1,4}\s?[a-zA-Z]?(?:\s?[-/]\s?\d{1,4}[a-z]?)?$"
)
NOT_NAME = re.compile(
    r"rechnung|beleg|quittung|kassenbon|bon\b|receipt|invoice|bill\b|tisch|table|"
    r"bedienung|kellner|server|datum|date|uhrzeit|time|tel|fax|www\.|@|st\.?-?nr|"
    r"ust|steuer|vat|willkommen|welcome",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class BillText:
    """What a bill's text says clearly; None for what it does not."""

    restaurant: str | None = None
    address: str | None = None
    date: dt.date | None = None
    total: Decimal | None = None
    tip: Decimal | None = None
    currency: str | None = None

    def is_empty(self) -> bool:
        return not any(value is not None for value in self.__dict__.values())


def read_bill_text(text: str) -> BillText:
    """The restaurant, its address, the date, the total and the tip of a bill's OCR text."""
    lines = clean_lines(text)
    total_line = find_total_line(lines)
    tip_line = find_line(lines, TIP_WORDS)
    address, address_at = find_address(lines)
    return BillText(
        restaurant=find_restaurant(lines, address_at),
        address=address,
        date=find_date(lines),
        total=last_amount(total_line) if total_line else None,
        tip=last_amount(tip_line) if tip_line else None,
        currency=find_currency(total_line, lines),
    )


def clean_lines(text: str) -> list[str]:
    """The text's first non-empty lines, cut and with runs of spaces made one."""
    lines: list[str] = []
    for raw in text[: MAX_LINES * (MAX_LINE + 1) * 2].splitlines():
        line = " ".join(raw[: MAX_LINE * 2].split())[:MAX_LINE]
        if line:
            lines.append(line)
            if len(lines) == MAX_LINES:
                break
    return lines


def find_line(lines: list[str], words: re.Pattern[str]) -> str | None:
    """The first line with the words and an amount."""
    for line in lines:
        if words.search(line) and last_amount(line) is not None:
            return line
    return None


def find_total_line(lines: list[str]) -> str | None:
    """The first line naming the total, else the first naming a payment, with an amount."""
    for words in (TOTAL_WORDS, PAID_WORDS):
        for line in lines:
            if words.search(line) and not NOT_TOTAL.search(line) and last_amount(line):
                return line
    return None


def last_amount(line: str) -> Decimal | None:
    """The rightmost amount of money on the line (decimal comma or point), if any."""
    found = None
    for match in AMOUNT.finditer(line):
        found = match
    if found is None:
        return None
    whole = re.sub(r"[.,' ]", "", found.group(1))
    try:
        value = Decimal(f"{whole}.{found.group(2)}")
    except InvalidOperation:
        return None
    return value if value < MAX_AMOUNT else None


def find_currency(total_line: str | None, lines: list[str]) -> str | None:
    """The currency the total line names, else the first one the bill names."""
    for line in [total_line or "", *lines]:
        upper = line.upper()
        for sign, code in CURRENCIES:
            if re.search(rf"(?<![A-Z]){re.escape(sign)}(?![A-Z])", upper):
                return code
    return None


def find_date(lines: list[str]) -> dt.date | None:
    """The first date on the bill in a form bills print it, if it is a real day."""
    for line in lines:
        for pattern, order in DATES:
            for match in pattern.finditer(line):
                day = to_date(match.groups(), order)
                if day:
                    return day
    return None


def to_date(groups: tuple[str, ...], order: str) -> dt.date | None:
    parts = dict(zip(order, groups, strict=True))
    if "M" in parts:
        month = MONTHS.get(parts["M"].lower())
        if month is None:
            return None
    else:
        month = int(parts["m"])
    year = int(parts["y"])
    if year < 100:
        year += 2000
    try:
        day = dt.date(year, month, int(parts["d"]))
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2099 else None


def find_address(lines: list[str]) -> tuple[str | None, int | None]:
    """("street, postcode city", the street line's index) from the bill's head, if there."""
    for index, line in enumerate(lines[:HEAD_LINES]):
        if POSTCODE_CITY.match(line) and not NOT_NAME.search(line):
            if index and STREET.match(lines[index - 1]):
                return f"{lines[index - 1]}, {line}", index - 1
            return line, index
    return None, None


def find_restaurant(lines: list[str], address_at: int | None) -> str | None:
    """The first line of the head that reads like a name: mostly letters, above the address."""
    head = lines[: address_at if address_at is not None else HEAD_LINES]
    for line in head[:HEAD_LINES]:
        letters = sum(char.isalpha() for char in line)
        if letters < 3 or letters < 0.6 * len(line.replace(" ", "")):
            continue
        if NOT_NAME.search(line) or AMOUNT.search(line) or find_date([line]):
            continue
        return line.strip(" -*=_~.:")
    return None
