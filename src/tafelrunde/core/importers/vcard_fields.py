"""vCard values to record fields: phone and address kinds, addresses, birthdays, gender."""

from __future__ import annotations

import datetime as dt
import re

from tafelrunde.core.importers.vcard_lines import Property
from tafelrunde.core.records import AddressRecord
from tafelrunde.core.salutations import salutation_for_gender
from tafelrunde.core.text import fold

UNREACHABLE = "unreachable"  # fax and pager numbers: nobody answers them for a dinner
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
# Folded words in custom labels (Apple, Google), checked in this order: "WorkFAX" is a fax.
_LABEL_WORDS = (
    (UNREACHABLE, ("fax", "pager", "piepser")),
    ("mobile", ("mobil", "handy", "cell", "iphone", "natel")),
    ("work", ("work", "buro", "arbeit", "office", "geschaft", "firma", "dienst", "business")),
    ("home", ("home", "privat", "zuhause", "zu hause")),
)
_MOBILE_TYPES = frozenset({"cell", "mobile", "iphone", "cellular"})
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_APPLE_NO_YEAR = 1604  # Apple Contacts' year for birthdays saved without one


def clean(text: str) -> str:
    """One line of text with runs of whitespace as single spaces, stripped."""
    return " ".join(text.split())


def label_text(prop: Property | None) -> str:
    """An X-ABLabel's words: "_$!<Mobile>!$_" → "Mobile", custom labels as written."""
    if prop is None:
        return ""
    text = prop.text().strip()
    match = _APPLE_LABEL.fullmatch(text)
    return match.group(1) if match else text


def phone_kind(types: set[str], label: str) -> str:
    """mobile, work, home, other — or UNREACHABLE for fax and pager; a label decides first."""
    kind = _kind_from_label(label)
    if kind:
        return kind
    if "fax" in types or "pager" in types:
        return UNREACHABLE
    if types & _MOBILE_TYPES:
        return "mobile"
    return _work_or_home(types)


def address_kind(types: set[str], label: str) -> str:
    """work, home or other."""
    kind = _kind_from_label(label)
    return kind if kind in ("work", "home") else _work_or_home(types)


def address_record(parts: list[str], kind: str, country_code: str = "") -> AddressRecord | None:
    """An ADR's seven parts (PO box, extended, street, city, region, postal code, country)
    as an address; all in the first three parts (as Google writes it) becomes freetext."""
    pobox, extended, street, city, region, postal_code, country = (parts + [""] * 7)[:7]
    lines = [_address_line(line) for part in (extended, street, pobox) for line in part.split("\n")]
    lines = [line for line in lines if line]
    city, region, postal_code, country = map(clean, (city, region, postal_code, country))
    if not country and len(country_code.strip()) == 2:  # Apple's X-ABADR:de
        country = country_code.strip().upper()
    if not (city or region or postal_code or country):
        return AddressRecord(type=kind, freetext="\n".join(lines)) if lines else None
    return AddressRecord(
        type=kind,
        street=", ".join(lines),
        postal_code=postal_code,
        city=city,
        region=region,
        country=country,
    )


def birthday(prop: Property) -> dt.date | None:
    """The date of a BDAY, or None when it has no year (`--0322`) or is not a date."""
    if prop.param("VALUE").lower() == "text":
        return None
    value = prop.text().strip()
    match = _DATE.match(value)
    if match:
        year, month, day = (int(group) for group in match.groups())
    else:
        match = _GERMAN_DATE.fullmatch(value)
        if not match:
            return None
        day, month, year = (int(group) for group in match.groups())
    omitted = prop.param("X-APPLE-OMIT-YEAR")
    if year == _APPLE_NO_YEAR or (omitted.isdigit() and int(omitted) == year):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def salutation(prop: Property) -> str:
    """ "mr" or "ms" for a GENDER (vCard 4: "M", "F;…") or X-GENDER ("male"); else ""."""
    return salutation_for_gender(prop.text())


def _kind_from_label(label: str) -> str:
    if not label:
        return ""
    folded = fold(label)
    for kind, words in _LABEL_WORDS:
        if any(word in folded for word in words):
            return kind
    return ""


def _work_or_home(types: set[str]) -> str:
    if "work" in types:
        return "work"
    if "home" in types:
        return "home"
    return "other"


def _address_line(text: str) -> str:
    return clean(text).strip(",; ")
