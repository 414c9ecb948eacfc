"""The words and number formats of the business-meal receipt, in German and English.

Kept apart from the site's translations on purpose: the receipt's language is chosen per
document (owner's profile or --language), not by the request, and the German wording is the
one tax offices know.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

LABELS = {
    "de": {
        "title": "Bewirtungsbeleg",
        "law": "Angaben zum Nachweis der Höhe und der betrieblichen Veranlassung von "
        "Bewirtungsaufwendungen (§ 4 Abs. 5 Satz 1 Nr. 2 EStG)",
        "restaurant": "Bewirtungsort (Name und Anschrift der Gaststätte)",
        "day": "Tag der Bewirtung",
        "participants": "Teilnehmer (einschließlich Bewirtender)",
        "erased_guest": "Gast (Name gelöscht)",
        "occasion": "Anlass der Bewirtung",
        "expenses": "Höhe der Aufwendungen",
        "amount": "Rechnungsbetrag",
        "tip": "Trinkgeld",
        "total": "Gesamt",
        "place_date": "Ort, Datum",
        "signature": "Unterschrift des Bewirtenden",
        "attach_bill": "Die maschinell erstellte, registrierte Rechnung der Gaststätte ist "
        "beizufügen.",
    },
    "en": {
        "title": "Business meal receipt",
        "law": "Evidence of the amount and the business purpose of entertainment expenses "
        "(German Bewirtungsbeleg, § 4 Abs. 5 Satz 1 Nr. 2 EStG)",
        "restaurant": "Venue (name and address of the restaurant)",
        "day": "Date of the meal",
        "participants": "Participants (including the host)",
        "erased_guest": "Guest (name erased)",
        "occasion": "Occasion of the meal",
        "expenses": "Amount of the expenses",
        "amount": "Bill",
        "tip": "Tip",
        "total": "Total",
        "place_date": "Place, date",
        "signature": "Signature of the host",
        "attach_bill": "The restaurant's machine-printed, registered bill is to be attached.",
    },
}
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_money(value: Decimal, currency: str, language: str) -> str:
    """`value` as written in `language`: "1.234,56 €" in German, "€1,234.56" in English.

    Currencies without a one-character symbol keep their code: "1.234,56 CHF", "CHF 1,234.56".
    """
    number = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if language == "de":
        number = number.translate(str.maketrans(",.", ".,"))
        return f"{number} {symbol}"
    return f"{symbol}{number}" if len(symbol) == 1 else f"{symbol} {number}"


def format_date(day: dt.date, language: str) -> str:
    """`day` as written in `language`: "14.03.2027" in German, "14 March 2027" in English."""
    if language == "de":
        return f"{day:%d.%m.%Y}"
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
