"""The bill photo on the meal form: read on saving, its values proposed and marked in the
fields left empty, confirmed by saving; a photo that reads nothing is kept with its note."""

import datetime as dt
import shutil
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tafelrunde.meals.models import Meal
from tests.meals.bill_images import bill_photo, photo
from tests.meals.test_meal_pages import meal_form_data, page_of
from tests.services import require


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def tesseract():
    require(shutil.which("tesseract") is not None, "Tesseract is not installed")


def with_bill(content: bytes, **fields) -> dict:
    bill = SimpleUploadedFile("IMG_2041.jpg", content, content_type="image/jpeg")
    data = {"date": "2026-11-28", "restaurant": "", "restaurant_address": "", "occasion": "Elbe"}
    return meal_form_data(bill_photo=bill, **(data | fields))


def confirm(form_page: str) -> dict:
    """The form's fields as shown (what saving it unchanged posts), for the ones we check."""
    import re

    values = {}
    for name in ("restaurant", "restaurant_address", "amount", "tip", "currency"):
        match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', form_page)
        values[name] = match.group(1) if match else ""
    return values


def test_a_new_meal_with_a_bill_proposes_what_the_photo_says_until_saved(
    owner_client, owner, joerg
):
    response = owner_client.post(
        reverse("meal-create"), with_bill(bill_photo(quality=60), guests=[joerg.pk])
    )
    meal = Meal.objects.owned_by(owner).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meal-edit", args=[meal.pk])
    # Nothing typed was taken yet, but the register's signed data is the bill's own.
    assert (meal.restaurant, meal.amount, meal.tip) == ("", None, None)
    assert (meal.tse_serial, meal.tse_transaction) == ("a41e9c0f7d3b", 4711)
    assert meal.gross_by_rate == {"19": "75.33", "7": "7.99"}

    form = owner_client.get(response["Location"])
    page = page_of(form)
    assert "The bill was read: check the values marked “read from the photo” and save." in page
    assert confirm(page) == {
        "restaurant": "Gasthaus Zum Anker",
        "restaurant_address": "Elbchaussee 12, 22763 Hamburg",
        "amount": "83.32",
        "tip": "6.68",
        "currency": "EUR",
    }
    assert page.count('class="read-from-photo"') == 5
    assert "read from the photo’s QR code" in page  # the amount

    shown = meal_form_data(date="2026-11-28", guests=[joerg.pk], occasion="Elbe", **confirm(page))
    owner_client.post(reverse("meal-edit", args=[meal.pk]), shown)
    meal.refresh_from_db()
    assert (meal.restaurant, meal.amount, meal.tip) == (
        "Gasthaus Zum Anker",
        Decimal("83.32"),
        Decimal("6.68"),
    )
    assert 'class="read-from-photo"' not in page_of(
        owner_client.get(reverse("meal-edit", args=[meal.pk]))
    )
    detail = page_of(owner_client.get(reverse("meal-detail", args=[meal.pk])))
    assert "Register a41e9c0f7d3b, transaction 4711, signature counter 9876" in detail
    assert "19 %: €75.33, 7 %: €7.99" in detail


def test_what_the_user_typed_is_not_proposed_over(owner_client, owner, joerg):
    data = with_bill(bill_photo(), guests=[joerg.pk], restaurant="Zum Anker", amount="80.00")
    response = owner_client.post(reverse("meal-create"), data)
    meal = Meal.objects.owned_by(owner).get()
    page = page_of(owner_client.get(response["Location"]))
    assert (meal.restaurant, meal.amount) == ("Zum Anker", Decimal("80.00"))
    assert confirm(page) == {
        "restaurant": "Zum Anker",
        "restaurant_address": "Elbchaussee 12, 22763 Hamburg",
        "amount": "80.00",
        "tip": "6.68",
        "currency": "EUR",
    }
    assert page.count('class="read-from-photo"') == 2


def test_a_photo_that_reads_nothing_is_kept_with_its_note(owner_client, owner, joerg):
    blank = photo(Image.new("L", (500, 700), 255))
    response = owner_client.post(
        reverse("meal-create"), with_bill(blank, guests=[joerg.pk]), follow=True
    )
    meal = Meal.objects.owned_by(owner).get()
    note = "Nothing could be read from the photo: please enter the values yourself."
    assert meal.bill_photo and meal.bill_photo.read() == blank
    assert response.redirect_chain[-1][0] == reverse("meal-detail", args=[meal.pk])
    assert page_of(response).count(note) == 2  # the message, and beside the bill
    assert note in page_of(owner_client.get(reverse("meal-edit", args=[meal.pk])))
