"""/bills/read and /meals/{id}/bill: a bill photo read, and given to a meal."""

import datetime as dt
import hashlib
import shutil
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from tafelrunde.meals.models import Meal
from tests.factories import MealFactory, MealParticipantFactory
from tests.meals.bill_images import bill_photo
from tests.services import require

pytestmark = pytest.mark.usefixtures("private_uploads")

TSE = {
    "serial": "a41e9c0f7d3b",
    "transaction": 4711,
    "start": "2026-11-28T18:02:11Z",
    "end": "2026-11-28T20:47:36Z",
    "signature_counter": 9876,
}


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def tesseract():
    require(shutil.which("tesseract") is not None, "Tesseract is not installed")


def upload(api, path: str, content: bytes, name: str = "IMG_2041.jpg"):
    return api.client.post(
        f"/api/v1{path}",
        data={"file": SimpleUploadedFile(name, content)},
        headers=api._headers(),
    )


@pytest.fixture
def meal(owner):
    meal = MealFactory(owner=owner, date=dt.date(2026, 11, 28), restaurant="Zum Anker")
    MealParticipantFactory(meal=meal)
    return meal


def test_reading_a_bill_stores_nothing_and_says_how_each_value_was_read(api, tesseract):
    response = upload(api, "/bills/read", bill_photo(quality=60))
    assert response.status_code == 200, response.content
    assert response.json() == {
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
    assert not Meal.objects.exists()


def test_a_bill_given_to_a_meal_fills_only_its_empty_fields(api, tesseract, meal):
    response = upload(api, f"/meals/{meal.pk}/bill", bill_photo())
    assert response.status_code == 200, response.content
    assert response.json()["filled"] == [
        *("restaurant_address", "amount", "tip", "currency", "tse", "gross_by_rate")
    ]
    meal.refresh_from_db()
    assert meal.restaurant == "Zum Anker"  # set before: stays
    assert (meal.amount, meal.tip, meal.tse_transaction) == (
        Decimal("83.32"),
        Decimal("6.68"),
        4711,
    )
    assert meal.bill_photo.read() == bill_photo()
    assert meal.bill_reading["how"]["total"] == "qr"


def test_a_pdf_bill_is_kept_with_the_note(api, meal):
    response = upload(api, f"/meals/{meal.pk}/bill", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "b.pdf")
    assert response.status_code == 200
    assert response.json()["filled"] == []
    assert response.json()["note"].startswith("The bill is a PDF: it is kept")
    meal.refresh_from_db()
    assert meal.bill_photo.name.endswith(".pdf")


@pytest.mark.parametrize("path", ["/bills/read", "/meals/{meal}/bill"])
def test_a_file_that_is_no_bill_is_a_422_at_the_file(api, meal, path):
    response = upload(api, path.format(meal=meal.pk), b"BEGIN:VCARD\r\n", "card.vcf")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "file"],
            "msg": "Please upload a photo (JPEG, PNG, HEIC) or a PDF of the bill.",
            "type": "type",
        }
    ]
    meal.refresh_from_db()
    assert not meal.bill_photo


def test_a_bill_too_big_is_refused(api, meal):
    response = upload(api, f"/meals/{meal.pk}/bill", b"\xff\xd8\xff" + b"\0" * (10 * 2**20))
    assert response.status_code == 422
    assert "a bill may be at most 10" in response.json()["detail"][0]["msg"]
    far_too_big = upload(api, "/bills/read", b"\xff\xd8\xff" + b"\0" * (25 * 2**20))
    assert far_too_big.status_code == 413


def test_without_a_file_the_answer_says_so(api):
    response = api.client.post("/api/v1/bills/read", data={}, headers=api._headers())
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["file", "file"], "msg": "Field required", "type": "missing"}
    ]


def test_a_part_besides_the_file_is_refused(api, meal):
    response = api.client.post(
        f"/api/v1/meals/{meal.pk}/bill",
        data={"file": SimpleUploadedFile("b.jpg", bill_photo()), "amount": "12.00"},
        headers=api._headers(),
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "amount"],
            "msg": "Only the part `file` is taken.",
            "type": "extra_forbidden",
        }
    ]
    meal.refresh_from_db()
    assert not meal.bill_photo and meal.amount is None


def test_a_bill_given_to_an_approved_meal_seals_the_next_version(api, owner, meal):
    from tafelrunde.meals import sealing

    first = sealing.approve(meal, owner)
    response = upload(api, f"/meals/{meal.pk}/bill", b"%PDF-1.4 not a real pdf")
    assert response.status_code == 200, response.content
    history = api.get(f"/meals/{meal.pk}/receipt").json()
    assert [version["number"] for version in history["versions"]] == [1, 2]
    assert [entry["field"] for entry in history["log"] if entry["action"] == "changed"] == [
        "bill_photo"
    ]
    assert hashlib.sha256(sealing.sealed_pdf(first)).hexdigest() == first.sha256
