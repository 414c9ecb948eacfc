"""The receipt joins the bill: the bill on its own page, turned upright; a PDF bill's pages
appended; TSE data; the host named above 250 € (issue 18)."""

import datetime as dt
from decimal import Decimal

import pytest

from tafelrunde.meals.models import Meal
from tafelrunde.meals.receipts import build_receipt_pdf
from tests.meals.sealed.receipts import (
    attach,
    bill_as_pdf,
    pages_of,
    photo_of_a_bill,
    text_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_uploads")]


# The PDF: the bill on its own page, TSE data, the host above 250 €


def test_the_bill_photo_is_on_its_own_page_turned_upright(meal):
    attach(meal, "bill.jpg", photo_of_a_bill(600, 300, orientation=6))  # stored sideways
    pdf = build_receipt_pdf(meal)
    pages = pages_of(pdf)
    assert len(pages) == 2
    assert "Die Rechnung der Gaststätte ist auf der folgenden Seite beigefügt." in text_of(pdf)
    (picture,) = pages[1].images
    width, height = picture.image.size
    assert (width, height) == (300, 600)  # upright: as tall as the sideways pixels were wide
    assert "Rechnung der Gaststätte zum Bewirtungsbeleg vom 14.03.2027" in pages[1].extract_text()
    assert not pages[0].images


def test_a_photo_without_orientation_keeps_its_shape_and_fits_the_page(meal):
    attach(meal, "bill.png", photo_of_a_bill(3000, 1000, kind="PNG"))
    pages = pages_of(build_receipt_pdf(meal))
    (picture,) = pages[1].images
    assert picture.image.size == (3000, 1000)
    box = pages[1].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((595.3, 841.9), abs=0.1)


def test_a_bill_sent_as_pdf_has_its_pages_appended(meal):
    attach(meal, "bill.pdf", bill_as_pdf(pages=2))
    pdf = build_receipt_pdf(meal, "en")
    pages = pages_of(pdf)
    assert len(pages) == 3
    assert "The restaurant's bill is attached on the following page." in text_of(pdf)
    assert "KASSENBON 4711 Seite 1" in pages[1].extract_text()
    assert "KASSENBON 4711 Seite 2" in pages[2].extract_text()


def test_a_heic_photo_is_named_as_attached_separately(meal):
    attach(meal, "bill.heic", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 200)
    pdf = build_receipt_pdf(meal)
    assert len(pages_of(pdf)) == 1
    assert "Die Rechnung der Gaststätte (HEIC) kann hier nicht abgebildet werden und ist " in (
        text_of(pdf)
    )
    assert "gesondert beigefügt." in text_of(pdf)


def test_a_bill_missing_from_disk_is_to_be_attached_as_before(meal):
    attach(meal, "bill.jpg", photo_of_a_bill())
    meal.bill_photo.storage.delete(meal.bill_photo.name)
    pdf = build_receipt_pdf(meal)
    assert len(pages_of(pdf)) == 1
    assert "Rechnung der Gaststätte ist beizufügen." in text_of(pdf)


def test_the_tse_data_are_on_the_receipt_when_known(meal):
    Meal.objects.filter(pk=meal.pk).update(
        tse_serial="TSE-SN-0815",
        tse_transaction=4711,
        tse_start=dt.datetime(2027, 3, 14, 18, 42, 10, tzinfo=dt.UTC),
        tse_end=dt.datetime(2027, 3, 14, 20, 5, 0, tzinfo=dt.UTC),
        tse_signature_counter=123456,
    )
    meal.refresh_from_db()
    german = text_of(build_receipt_pdf(meal, "de"))
    assert "TSE-Daten der Kasse (KassenSichV)" in german
    assert "Seriennummer der Kasse: TSE-SN-0815" in german
    assert "Transaktionsnummer: 4711" in german
    assert "Beginn: 14.03.2027, 19:42:10" in german  # in Berlin time
    assert "Ende: 14.03.2027, 21:05:00" in german
    assert "Signaturzähler: 123456" in german
    english = text_of(build_receipt_pdf(meal, "en"))
    assert "Register serial number: TSE-SN-0815" in english
    assert "Start: 14 March 2027, 19:42:10" in english
    assert "Signature counter: 123456" in english


def test_no_tse_lines_when_nothing_is_known(meal):
    assert "TSE" not in text_of(build_receipt_pdf(meal))


@pytest.mark.parametrize(
    ("amount", "named"), [("250.00", False), ("250.01", True), ("980.00", True)]
)
def test_a_bill_above_250_euros_names_the_host_explicitly(meal, amount, named):
    Meal.objects.filter(pk=meal.pk).update(amount=Decimal(amount))
    meal.refresh_from_db()
    german = text_of(build_receipt_pdf(meal, "de"))
    assert ("Bewirtende Person Dr. Hans Gastgeber" in german) is named
    assert ("muss den Namen der bewirtenden Person enthalten" in german) is named
    english = text_of(build_receipt_pdf(meal, "en"))
    assert ("Host Dr. Hans Gastgeber" in english) is named
