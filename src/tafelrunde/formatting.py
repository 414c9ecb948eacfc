"""Money, distances and place names as the reader's language writes them.

The active language (the page's, or the command's) decides: "1.234,56 €", "12,5 km" and
"München" in German; "€1,234.56", "12.5 km" and "Munich" in English. Pages and command
output use these; JSON and CSV files keep plain numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import translation

# The locale whose conventions each language's readers expect: in English the British
# (and Irish) ones, "€1,234.56", as a European traveller writes them.
BABEL_LOCALES = {"de": "de_DE", "en": "en_GB"}
NBSP = "\xa0"
# CLDR separates a currency code from the digits ("CHF 12.00"); Babel leaves that to us.
_CODE_BEFORE_DIGITS = re.compile(r"^([A-Z]{3})(?=[\d-])")


def babel_locale(language: str | None = None) -> str:
    """The Babel locale for `language` (default: the active one), e.g. "de_DE"."""
    code = (language or translation.get_language() or "en").split("-")[0]
    return BABEL_LOCALES.get(code, BABEL_LOCALES["en"])


def money(amount: Decimal | float | int | None, currency: str, language: str | None = None) -> str:
    """`amount` in `currency` with symbol and two decimals: "1.234,56 €" or "€1,234.56".

    Plain spaces only (CLDR's no-break spaces would not survive copying into a spreadsheet
    or a terminal search); a currency without a symbol keeps its code: "CHF 86.50".
    """
    if amount is None:
        return ""
    from babel.numbers import format_currency  # not at import: `tafelrunde --help` is quick

    locale = babel_locale(language)
    try:
        text = format_currency(Decimal(str(amount)), currency or "EUR", locale=locale)
    except (ValueError, ArithmeticError):
        return f"{amount} {currency}"
    return _CODE_BEFORE_DIGITS.sub(r"\1 ", text).replace(NBSP, " ")


def number(value: float | Decimal | int, decimals: int = 1, language: str | None = None) -> str:
    """A figure with at most `decimals` decimals and grouped thousands: "12,5" or "1,234"."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale=babel_locale(language))


def km(value: float, language: str | None = None) -> str:
    """A distance: "12,5 km" in German, "12.5 km" in English (whole kilometres from 10 on)."""
    return f"{number(value, 1 if value < 10 else 0, language)} km"


def place_name(place, language: str | None = None) -> str:
    """The place's name as the reader writes it: "München" in German, "Munich" in English.

    Takes a Place or a name; None or "" gives "".
    """
    from tafelrunde.core.place_names import name_in  # loads the gazetteer's tables

    if not place:
        return ""
    name = place if isinstance(place, str) else place.name
    code = (language or translation.get_language() or "en").split("-")[0]
    return name_in(name, code)


def place_known_as(word: str) -> str | None:
    """The gazetteer's (English) name of a place a German writes differently: "München" and
    "Muenchen" give "Munich"; None for any other word."""
    from tafelrunde.core.place_names import GERMAN_NAMES
    from tafelrunde.core.text import fold

    english = {fold(german): name for name, german in GERMAN_NAMES.items()}
    return english.get(fold(word))
