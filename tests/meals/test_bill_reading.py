"""Reading a bill photo: the receipt's QR code in any layout, turn and JPEG quality, the text
by OCR, and an honest note with no values for what cannot be read."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from decimal import Decimal

import pytesseract
import pytest
from PIL import Image

from tafelrunde.meals.bill_reading import NotABill, open_photo, read_bill
from tafelrunde.meals.bill_reading import find_receipt_code as find_code
from tests.meals.bill_images import CODE, bill_photo, photo, receipt
from tests.services import require

TSE = {
    "serial": "a41e9c0f7d3b",
    "transaction": 4711,
    "start": "2026-11-28T18:02:11+00:00",
    "end": "2026-11-28T20:47:36+00:00",
    "signature_counter": 9876,
}


@pytest.fixture
def tesseract():
    require(shutil.which("tesseract") is not None, "Tesseract is not installed")


def upright(data: bytes):
    image, problem = open_photo(data)
    assert problem is None
    return image


@pytest.mark.parametrize("layout", ["bottom", "beside", "small"])
@pytest.mark.parametrize("quality", [95, 60, 35])
def test_the_code_is_found_in_every_layout_and_jpeg_quality(layout, quality):
    code, turn = find_code(upright(photo(receipt(layout=layout), quality=quality)))
    assert code is not None and code.transaction == 4711
    assert turn == 0


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_the_code_of_a_turned_photo_is_found_and_says_how_to_set_it_upright(turned):
    code, turn = find_code(upright(bill_photo(turn=turned, quality=60)))
    assert code is not None and code.serial == "a41e9c0f7d3b"
    assert (turned + turn) % 360 == 0


@pytest.mark.parametrize(("orientation", "turned"), [(3, 180), (6, 90), (8, 270)])
def test_an_exif_orientation_tag_is_applied_before_reading(orientation, turned):
    # A phone stores the pixels as the sensor saw them and the way to turn them in the tag.
    image = upright(bill_photo(turn=turned, exif_orientation=orientation))
    assert image.height > image.width  # upright again: a receipt is tall
    code, turn = find_code(image)
    assert code is not None and turn == 0


def test_a_qr_code_that_is_no_receipt_is_passed_over():
    assert find_code(upright(photo(receipt(code="https://example.com/menu")))) == (None, 0)
    assert find_code(upright(photo(receipt(code=CODE.replace("4711", "47x1"))))) == (None, 0)


def test_a_bill_with_a_code_is_read_from_the_code_and_the_text(tesseract):
    reading = read_bill(bill_photo(quality=60))
    assert reading.as_json() == {
        "restaurant": "Gasthaus Zum Anker",
        "address": "Elbchaussee 12, 22763 Hamburg",
        "date": "2026-11-28",
        "total": "83.32",
        "tip": "6.68",
        "currency": "EUR",
        "gross_by_rate": {"19": "75.33", "7": "7.99"},
        "tse": TSE,
        "how": {
            "tse": "qr",
            "date": "qr",
            "total": "qr",
            "currency": "qr",
            "gross_by_rate": "qr",
            "restaurant": "ocr",
            "address": "ocr",
            "tip": "ocr",
        },
        "note": None,
    }


def test_a_photo_on_its_side_is_read_the_right_way_up(tesseract):
    reading = read_bill(bill_photo(turn=90, quality=35))
    assert reading.tse is not None and reading.tse.transaction == 4711
    assert reading.restaurant == "Gasthaus Zum Anker"
    assert reading.tip == Decimal("6.68")


def test_a_bill_without_a_code_is_read_by_ocr(tesseract):
    reading = read_bill(photo(receipt(code=None), quality=60))
    assert reading.tse is None and reading.gross_by_rate == {}
    assert (reading.restaurant, reading.address) == (
        "Gasthaus Zum Anker",
        "Elbchaussee 12, 22763 Hamburg",
    )
    assert reading.date == dt.date(2026, 11, 28)
    assert (reading.total, reading.tip, reading.currency) == (
        Decimal("83.32"),
        Decimal("6.68"),
        "EUR",
    )
    assert set(reading.how.values()) == {"ocr"}
    assert reading.note is None


def test_a_turned_bill_without_a_code_is_turned_by_tesseract(tesseract):
    reading = read_bill(photo(receipt(code=None), turn=270, kind="PNG"))
    assert reading.total == Decimal("83.32")
    assert reading.restaurant == "Gasthaus Zum Anker"


@pytest.mark.parametrize(
    "image",
    [
        pytest.param(lambda: photo(Image.new("L", (600, 900), 255)), id="blank"),
        pytest.param(lambda: photo(receipt(code=None), blur=8), id="blurred"),
    ],
)
def test_a_photo_with_nothing_legible_gives_a_note_and_no_values(tesseract, image):
    reading = read_bill(image())
    assert not reading.has_values()
    assert reading.as_json()["restaurant"] is None and reading.as_json()["total"] is None
    assert reading.note == "Nothing could be read from the photo: please enter the values yourself."


def test_without_tesseract_the_code_is_still_read_and_the_note_says_why_the_rest_is_not(
    monkeypatch,
):
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    reading = read_bill(bill_photo())
    assert reading.total == Decimal("83.32") and reading.how["total"] == "qr"
    assert reading.restaurant is None
    assert reading.note == "The text recognition (Tesseract) is not installed on the server."


@pytest.mark.parametrize(
    ("data", "note"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "The bill is a PDF"),
        (b"\0\0\0\x18ftypheic\0\0\0\0", "The bill is a HEIC photo"),
        (b"\xff\xd8\xff\xe0 not really a jpeg", "The photo could not be opened"),
    ],
)
def test_a_bill_that_is_kept_but_not_read_says_so(data, note):
    reading = read_bill(data)
    assert not reading.has_values()
    assert reading.note.startswith(note)


def test_a_decompression_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    Image.new("1", (10_000, 6_000), 1).save(buffer, "PNG")  # 60 megapixels in a few KB
    reading = read_bill(buffer.getvalue())
    assert not reading.has_values()
    assert "too many pixels" in reading.note


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"BEGIN:VCARD\r\n", "not a photo"),
        (b"", "not a photo"),
        (b"\xff\xd8\xff" + b"\0" * (10 * 2**20), "too big"),
    ],
)
def test_a_file_that_is_no_bill_is_refused(data, says):
    with pytest.raises(NotABill, match=says):
        read_bill(data)
