"""A bill's OCR text read into restaurant, address, date, total and tip, noise and all."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tafelrunde.core.bill_text import BillText, last_amount, read_bill_text

GERMAN_BILL = """\
   Gasthaus Zum Goldenen Anker
Elbchaussee 12
22763 Hamburg
Tel. 040 / 123 45 67
St.-Nr. 41/123/45678

Rechnung Nr. 2026-0815      Tisch 7
Datum: 28.11.2026   Uhrzeit: 21:47

2 x Labskaus          18,50   37,00 A
1 x Scholle Finkenwerder      24,90 A
3 x Pils 0,4l          4,80   14,40 A
1 x Rote Grütze                6,90 A

Zwischensumme                 83,20
Summe EUR                     83,20
MwSt 19% A       13,28   Netto 69,92
Gegeben Bar                  100,00
Rückgeld                      16,80
Trinkgeld                      6,80
Vielen Dank für Ihren Besuch!
"""

ENGLISH_BILL = """\
THE RED LION
48 Parliament Street
London SW1A 2NH
VAT Reg 123 4567 89
28 Nov 2026 20:15
Fish & Chips        14.50
Sticky Toffee        7.25
Subtotal            21.75
Service 12.5%        2.72
TOTAL             £24.47
Tip                  3.00
Card              £27.47
"""


def test_a_german_bill_gives_everything():
    bill = read_bill_text(GERMAN_BILL)
    assert bill.restaurant == "Gasthaus Zum Goldenen Anker"
    assert bill.address == "Elbchaussee 12, 22763 Hamburg"
    assert bill.date == dt.date(2026, 11, 28)
    assert bill.total == Decimal("83.20")
    assert bill.tip == Decimal("6.80")
    assert bill.currency == "EUR"


def test_an_english_bill_gives_what_it_says_clearly():
    bill = read_bill_text(ENGLISH_BILL)
    assert bill.restaurant == "THE RED LION"
    assert bill.date == dt.date(2026, 11, 28)
    assert bill.total == Decimal("24.47")
    assert bill.tip == Decimal("3.00")
    assert bill.currency == "GBP"
    assert bill.address is None  # a British postcode is not read: no guess


def test_ocr_noise_around_the_lines_does_not_hide_them():
    text = """\
    ,. ~~ '
 *** Trattoria Da Luigi ***
 Hauptstr. 5a
 D-80331 München
 | ¦ . , :
 Beleg 4471 27.11.26 19:58
 Pizza Margherita      9,50
 Tiramisu              6,00
 ---------------------------
 Gesamtbetrag       15,50 €
 Kartenzahlung      15,50
"""
    bill = read_bill_text(text)
    assert bill.restaurant == "Trattoria Da Luigi"
    assert bill.address == "Hauptstr. 5a, D-80331 München"
    assert bill.date == dt.date(2026, 11, 27)
    assert bill.total == Decimal("15.50")
    assert bill.tip is None
    assert bill.currency == "EUR"


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Datum 03.04.2026", dt.date(2026, 4, 3)),
        ("03/04/2026 12:00", dt.date(2026, 4, 3)),
        ("03.04.26 12:00", dt.date(2026, 4, 3)),
        ("2026-04-03T12:00", dt.date(2026, 4, 3)),
        ("3. April 2026", dt.date(2026, 4, 3)),
        ("3 Apr 2026", dt.date(2026, 4, 3)),
        ("28. Dez. 2026", dt.date(2026, 12, 28)),
        ("April 3, 2026", dt.date(2026, 4, 3)),
        ("31.02.2026", None),  # no such day
        ("12.5.1999", None),  # not a bill of ours
        ("Tel 0.40.12.34.56", None),
        ("3 Foo 2026", None),
    ],
)
def test_dates_as_bills_print_them(line, day):
    assert read_bill_text(line).date == day


@pytest.mark.parametrize(
    ("line", "amount"),
    [
        ("Summe 83,20", Decimal("83.20")),
        ("Total 83.20", Decimal("83.20")),
        ("Zu zahlen EUR 1.234,56", Decimal("1234.56")),
        ("Total $1,234.56", Decimal("1234.56")),
        ("Gesamt: 12 , 50", Decimal("12.50")),
        ("Summe 83", None),
        ("Summe 28.11.2026", None),
    ],
)
def test_amounts_with_decimal_comma_or_point(line, amount):
    assert last_amount(line) == amount


def test_the_total_is_the_first_total_line_not_the_subtotal_or_the_tax():
    text = "Zwischensumme 10,00\nMwSt 1,60\nNetto 8,40\nSumme 10,00\nGesamt inkl. Trinkgeld 12,00"
    assert read_bill_text(text).total == Decimal("10.00")


def test_a_payment_line_is_the_total_when_no_line_names_it():
    assert read_bill_text("Bratwurst 4,50\nBar 4,50\n").total == Decimal("4.50")


def test_text_without_a_bill_gives_nothing():
    assert read_bill_text("").is_empty()
    assert read_bill_text("~~ ,. ;: |||\n\n  \n").is_empty()
    assert read_bill_text("Lorem ipsum\n") == BillText(restaurant="Lorem ipsum")


def test_a_huge_text_is_read_only_as_far_as_a_bill_goes():
    text = GERMAN_BILL + ("x" * 10_000 + "\n") * 2000 + "Trinkgeld 99,00\n"
    bill = read_bill_text(text)
    assert bill.total == Decimal("83.20")
    assert bill.tip == Decimal("6.80")
    assert read_bill_text("Summe " + "9" * 100_000 + ",00").total is None
