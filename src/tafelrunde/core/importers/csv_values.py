"""Cell values as contact programs write them: dates, phone and address labels, lists."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from tafelrunde.core.text import fold

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")
_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")  # 24.12.1970 (German)
_SLASHED_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")  # 12/24/1970 (US)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([a-z]+) (\d{4})$")  # 12 Mar 2003, folded
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+) (\d{1,2}) (\d{4})$")  # Mar 12, 2003, folded
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "mai": 5, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "dez": 12,
}  # fmt: skip
# Outlook writes "no date" as 0.0.00, 1.1.4501 or 1/1/1601; none of those is a real date.
_EARLIEST_YEAR, _LATEST_YEAR = 1800, 2200

_UNCALLABLE = ("fax", "pager", "telex", "ttytdd")
_LABEL_TYPES = (
    ("mobile", {"mobile", "mobil", "cell", "handy", "mobiltelefon", "iphone"}),
    ("work", {"work", "business", "geschaftlich", "arbeit", "office", "buro", "firma", "company"}),
    ("home", {"home", "privat", "zuhause", "personal"}),
)


def parse_date(text: str) -> dt.date | None:
    """The date in any of the usual export spellings, or None when there is no real date."""
    text = text.strip()
    if not text:
        return None
    if match := _ISO_DATE.match(text):
        year, month, day = match.groups()
    elif match := _DOTTED_DATE.match(text):
        day, month, year = match.groups()
    elif match := _SLASHED_DATE.match(text):
        month, day, year = match.groups()
        if int(month) > 12:  # 24/12/1970: a day-first (British) export
            month, day = day, month
    elif match := _DAY_MONTH_YEAR.match(fold(text)):
        day, month, year = match.groups()
    elif match := _MONTH_DAY_YEAR.match(fold(text)):
        month, day, year = match.groups()
    else:
        return None
    return _make_date(year, month, day)


def _make_date(year: str, month: str, day: str) -> dt.date | None:
    number = int(month) if month.isdigit() else _MONTHS.get(month[:3])
    full_year = int(year)
    if len(year) == 2:  # 24.12.70: the most recent year with those digits
        century = 2000 if full_year <= dt.date.today().year % 100 else 1900
        full_year += century
    if number is None or not _EARLIEST_YEAR <= full_year <= _LATEST_YEAR:
        return None
    try:
        return dt.date(full_year, number, int(day))
    except ValueError:
        return None


def phone_type(label: str) -> str | None:
    """mobile | work | home | other for a phone label; None for lines nobody answers (fax)."""
    key = fold(label)
    if any(word in key.replace(" ", "") for word in _UNCALLABLE):
        return None
    return _label_type(key, "mobile", "work", "home")


def address_type(label: str) -> str:
    """work | home | other for an address label."""
    return _label_type(fold(label), "work", "home")


def _label_type(key: str, *allowed: str) -> str:
    words = set(key.split())
    for kind, names in _LABEL_TYPES:
        if kind in allowed and words & names:
            return kind
    return "other"


def split_values(value: str, separator: str | re.Pattern[str]) -> list[str]:
    """The non-empty parts of a multi-value cell, stripped, without repeats, in order."""
    parts = separator.split(value) if isinstance(separator, re.Pattern) else value.split(separator)
    return unique(part.strip() for part in parts)


def unique(values: Iterable[str]) -> list[str]:
    """The non-empty values in order, without repeats."""
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def join_name(*parts: str) -> str:
    """The name parts that are there, joined by single spaces."""
    return " ".join(part.strip() for part in parts if part and part.strip())
