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
        "bill_follows": "Die Rechnung der Gaststätte ist auf der folgenden Seite beigefügt.",
        "bill_separately": "Die Rechnung der Gaststätte (%(kind)s) kann hier nicht abgebildet "
        "werden und ist gesondert beigefügt.",
        "bill_page": "Rechnung der Gaststätte zum Bewirtungsbeleg vom %(date)s",
        "tse": "TSE-Daten der Kasse (KassenSichV)",
        "tse_serial": "Seriennummer der Kasse",
        "tse_transaction": "Transaktionsnummer",
        "tse_start": "Beginn",
        "tse_end": "Ende",
        "tse_counter": "Signaturzähler",
        "host": "Bewirtende Person",
        "host_rule": "Rechnungsbetrag über 250 €: Die Rechnung der Gaststätte muss den Namen "
        "der bewirtenden Person enthalten (R 4.10 Abs. 8 EStR; BMF-Schreiben vom 30.06.2021).",
        "approved": "Freigegeben am %(date)s von %(name)s.",
        "replaces": "Version %(number)d, ersetzt Version %(old)d vom %(date)s.",
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
        "bill_follows": "The restaurant's bill is attached on the following page.",
        "bill_separately": "The restaurant's bill (%(kind)s) cannot be shown here and is "
        "attached separately.",
        "bill_page": "The restaurant's bill for the business meal receipt of %(date)s",
        "tse": "Cash register TSE data (KassenSichV)",
        "tse_serial": "Register serial number",
        "tse_transaction": "Transaction number",
        "tse_start": "Start",
        "tse_end": "End",
        "tse_counter": "Signature counter",
        "host": "Host",
        "host_rule": "Bill above 250 €: the restaurant's bill must name the host "
        "(R 4.10 (8) EStR; BMF letter of 30 June 2021).",
        "approved": "Approved on %(date)s by %(name)s.",
        "replaces": "Version %(number)d, replaces version %(old)d of %(date)s.",
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


def format_moment(moment: dt.datetime, language: str) -> str:
    """A date and time in `language`: "14.03.2027, 19:42:10", "14 March 2027, 19:42:10"."""
    return f"{format_date(moment.date(), language)}, {moment:%H:%M:%S}"


def format_date(day: dt.date, language: str) -> str:
    """`day` as written in `language`: "14.03.2027" in German, "14 March 2027" in English."""
    if language == "de":
        return f"{day:%d.%m.%Y}"
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
