"""`tafelrunde meal read-bill FILE` and `tafelrunde meal add … --bill FILE`, in-process."""

import datetime as dt
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from PIL import Image

from tafelrunde.meals.models import Meal
from tests.factories import ContactFactory
from tests.meals.bill_images import bill_photo, photo, receipt
from tests.services import require


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def tesseract():
    require(shutil.which("tesseract") is not None, "Tesseract is not installed")


@pytest.fixture
def bill(tmp_path) -> Path:
    path = tmp_path / "IMG_2041.jpg"
    path.write_bytes(bill_photo(quality=60))
    return path


@pytest.fixture
def anna(owner):
    return ContactFactory(owner=owner, full_name="Anna Albrecht", given_name="Anna")


def test_read_bill_says_each_value_and_how_it_was_read(run_command, tesseract, bill):
    status, out, err = run_command("meal", "read-bill", str(bill))
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "Restaurant: Gasthaus Zum Anker (from the text)",
        "Address: Elbchaussee 12, 22763 Hamburg (from the text)",
        "Date: 2026-11-28 (from the QR code)",
        "Total: €83.32 (from the QR code)",
        "Tip: €6.68 (from the text)",
        "Gross by VAT rate: 19 %: €75.33, 7 %: €7.99 (from the QR code)",
        "TSE: register a41e9c0f7d3b, transaction 4711, signature counter 9876,"
        " 2026-11-28T18:02:11+00:00 to 2026-11-28T20:47:36+00:00 (from the QR code)",
    ]


def test_read_bill_as_json(run_command, tesseract, tmp_path):
    path = tmp_path / "bill.png"
    path.write_bytes(photo(receipt(code=None), kind="PNG"))
    status, out, _err = run_command("meal", "read-bill", str(path), "--json")
    data = json.loads(out)
    assert status == 0
    assert (data["restaurant"], data["date"], data["total"], data["tip"]) == (
        "Gasthaus Zum Anker",
        "2026-11-28",
        "83.32",
        "6.68",
    )
    assert data["tse"] is None and data["gross_by_rate"] == {}
    assert data["how"]["total"] == "ocr" and data["note"] is None


def test_read_bill_of_a_blank_photo_reads_nothing_and_says_so(run_command, tesseract, tmp_path):
    path = tmp_path / "blank.jpg"
    path.write_bytes(photo(Image.new("L", (500, 700), 255)))
    status, out, _err = run_command("meal", "read-bill", str(path))
    assert status == 0
    assert "Total: not read" in out.splitlines()
    assert out.splitlines()[-1] == (
        "Note: Nothing could be read from the photo: please enter the values yourself."
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Cannot read {path}: No such file or directory."),
        ("folder", "{path} is a folder, not a file."),
        (b"BEGIN:VCARD\r\nEND:VCARD\r\n", "{path}: This is not a photo (JPEG, PNG, HEIC) or a PDF"),
        (b"\xff\xd8\xff" + b"\0" * (10 * 2**20), "{path}: The file is too big; a bill may be"),
    ],
)
def test_read_bill_of_what_is_no_bill_is_one_error_line(run_command, tmp_path, content, message):
    path = tmp_path / "bill.jpg"
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    status, out, err = run_command("meal", "read-bill", str(path))
    assert (status, out) == (1, "")
    assert err.startswith("Error: " + message.format(path=path))
    assert err.count("\n") == 1


def test_meal_add_with_a_bill_fills_what_the_options_leave_open(
    run_command, tesseract, owner, anna, bill
):
    status, out, err = run_command(
        "meal", "add", "--date", "2026-11-28", "--with", "Anna", "--bill", str(bill), "--json"
    )
    assert (status, err) == (0, "")
    data = json.loads(out)
    meal = Meal.objects.owned_by(owner).get(pk=data["id"])
    assert (meal.restaurant, meal.restaurant_address) == (
        "Gasthaus Zum Anker",
        "Elbchaussee 12, 22763 Hamburg",
    )
    assert (meal.amount, meal.tip, meal.currency) == (Decimal("83.32"), Decimal("6.68"), "EUR")
    assert (meal.tse_serial, meal.tse_transaction, meal.tse_signature_counter) == (
        "a41e9c0f7d3b",
        4711,
        9876,
    )
    assert meal.tse_start == dt.datetime(2026, 11, 28, 18, 2, 11, tzinfo=dt.UTC)
    assert meal.gross_by_rate == {"19": "75.33", "7": "7.99"}
    assert meal.bill_photo.read() == bill.read_bytes()
    assert meal.bill_reading["how"]["tse"] == "qr"
    assert data["amount"] == "83.32" and data["status"] == "held"
    assert data["bill_reading"]["filled"] == [
        *("restaurant", "restaurant_address", "amount", "tip", "currency"),
        *("tse", "gross_by_rate"),
    ]


def test_the_command_line_wins_over_the_bill(run_command, tesseract, owner, anna, bill):
    status, out, _err = run_command(
        "meal", "add", "--date", "2026-11-28", "--with", "Anna", "--bill", str(bill),
        "--restaurant", "Zum Anker", "--amount", "80", "--tip", "0", "--currency", "CHF",
    )  # fmt: skip
    meal = Meal.objects.owned_by(owner).get()
    assert status == 0
    assert (meal.restaurant, meal.amount, meal.tip, meal.currency) == (
        "Zum Anker",
        Decimal("80.00"),
        Decimal("0.00"),
        "CHF",
    )
    assert meal.restaurant_address == "Elbchaussee 12, 22763 Hamburg"
    assert out.splitlines()[-1] == ("From the bill: address, TSE data, gross amounts by VAT rate.")


def test_a_bill_that_reads_nothing_is_attached_with_the_note(
    run_command, tesseract, owner, anna, tmp_path
):
    path = tmp_path / "bill.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    status, out, _err = run_command(
        "meal", "add", "--date", "2026-11-28", "--with", "Anna", "--bill", str(path)
    )
    meal = Meal.objects.owned_by(owner).get()
    assert status == 0
    assert meal.bill_photo.name.endswith(".pdf") and meal.amount is None
    assert out.splitlines()[-1] == (
        "The bill is attached; nothing was taken from it. The bill is a PDF: it is kept,"
        " but only photos (JPEG, PNG) are read."
    )


def test_meal_add_with_no_bill_behind_the_name_stores_nothing(run_command, owner, anna, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Summe 12,00")
    status, out, err = run_command(
        "meal", "add", "--date", "2026-11-28", "--with", "Anna", "--bill", str(path)
    )
    assert (status, out) == (1, "")
    assert err == f"Error: {path}: This is not a photo (JPEG, PNG, HEIC) or a PDF of a bill.\n"
    assert not Meal.objects.exists()
