"""A bill photo posted with a form that has other mistakes is kept: the form shown again says
so, and saving it fixed (without choosing the photo again) gives the meal the photo and the
values read from it. A token that is forged, another account's or a day old is refused."""

import datetime as dt
import os
import re
import shutil

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tafelrunde.meals.models import Meal
from tests.meals.bill_images import bill_photo, photo
from tests.meals.test_meal_pages import meal_form_data, page_of
from tests.services import require

KEPT_MESSAGE = "The bill photo kept from before is no longer there: please choose it again."


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


@pytest.fixture(scope="module")
def bill() -> bytes:
    return bill_photo()


def form_data(guest, **fields) -> dict:
    data = {"date": "2026-11-28", "restaurant": "", "restaurant_address": "", "occasion": "Elbe"}
    return meal_form_data(guests=[guest.pk], **(data | fields))


def upload(content: bytes, name: str = "IMG_2041.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def kept_token(page: str) -> str:
    match = re.search(r'name="kept_bill" value="([^"]+)"', page)
    assert match, "the form keeps no photo"
    return match.group(1)


def pending_files(uploads) -> list:
    return sorted((uploads / "pending-bills").glob("*/*"))


def form_values(page: str) -> dict:
    values = {}
    for name in ("restaurant", "amount", "tip"):
        match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
        values[name] = match.group(1) if match else ""
    return values


def post_with_a_mistake(client, guest, content: bytes, name="IMG_2041.jpg", **fields) -> str:
    """Post a new meal with a photo and a bad amount: the form shown again, as text."""
    data = form_data(guest, amount="83,3x", bill_photo=upload(content, name), **fields)
    response = client.post(reverse("meal-create"), data)
    assert response.status_code == 200
    return page_of(response)


def test_the_photo_posted_with_a_bad_amount_is_kept_and_saved_with_the_fixed_form(
    owner_client, owner, joerg, bill, private_uploads, django_capture_on_commit_callbacks
):
    page = post_with_a_mistake(owner_client, joerg, bill)
    assert "Enter a number." in page
    assert "Bill photo kept: IMG_2041.jpg — " in page
    assert not Meal.objects.exists()
    [kept] = pending_files(private_uploads)
    assert kept.read_bytes() == bill and oct(kept.stat().st_mode & 0o777) == "0o600"

    fixed = form_data(joerg, amount="", kept_bill=kept_token(page))
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("meal-create"), fixed)
    meal = Meal.objects.owned_by(owner).get()
    # As with a photo chosen now: the bill is read and its values proposed, to confirm.
    assert response["Location"] == reverse("meal-edit", args=[meal.pk])
    assert meal.bill_photo.read() == bill
    assert meal.tse_serial == "a41e9c0f7d3b"
    assert pending_files(private_uploads) == []
    shown = page_of(owner_client.get(response["Location"]))
    assert "Bill photo kept" not in shown
    assert form_values(shown) == {
        "restaurant": "Gasthaus Zum Anker",
        "amount": "83.32",
        "tip": "6.68",
    }

    # Confirming the proposals saves them; the photo is not taken or read a second time.
    confirmed = form_data(joerg, **form_values(shown))
    response = owner_client.post(reverse("meal-edit", args=[meal.pk]), confirmed)
    assert response["Location"] == reverse("meal-detail", args=[meal.pk])
    stored = meal.bill_photo.name
    meal.refresh_from_db()
    assert (meal.restaurant, str(meal.amount), meal.bill_photo.name) == (
        "Gasthaus Zum Anker",
        "83.32",
        stored,
    )
    assert meal.bill_reading["proposed"] is False


def test_a_kept_photo_can_be_removed(owner_client, owner, joerg, bill, private_uploads):
    page = post_with_a_mistake(owner_client, joerg, bill)
    fixed = form_data(joerg, kept_bill=kept_token(page), forget_kept_bill="1")
    response = owner_client.post(reverse("meal-create"), fixed)
    meal = Meal.objects.owned_by(owner).get()
    assert response["Location"] == reverse("meal-detail", args=[meal.pk])
    assert not meal.bill_photo
    assert pending_files(private_uploads) == []


def test_a_photo_chosen_again_replaces_the_kept_one(owner_client, joerg, bill, private_uploads):
    first = post_with_a_mistake(owner_client, joerg, photo(Image.new("L", (50, 70), 255)))
    page = post_with_a_mistake(owner_client, joerg, bill, "b.jpg", kept_bill=kept_token(first))
    assert "Bill photo kept: b.jpg" in page
    [kept] = pending_files(private_uploads)
    assert kept.read_bytes() == bill


@pytest.mark.parametrize("forge", [lambda token: "forged", lambda token: token[:-1] + "x"])
def test_a_forged_token_is_refused_with_a_message(
    owner_client, owner, joerg, bill, private_uploads, forge
):
    token = kept_token(post_with_a_mistake(owner_client, joerg, bill))
    response = owner_client.post(reverse("meal-create"), form_data(joerg, kept_bill=forge(token)))
    page = page_of(response)
    assert response.status_code == 200
    assert KEPT_MESSAGE in page
    assert 'name="kept_bill"' not in page
    assert not Meal.objects.exists()
    # Saved again as it is shown now: a meal without a bill.
    owner_client.post(reverse("meal-create"), form_data(joerg))
    assert not Meal.objects.owned_by(owner).get().bill_photo


def test_another_accounts_kept_photo_is_not_taken(
    client, owner, outsider, joerg, bill, private_uploads
):
    client.force_login(outsider)
    theirs = kept_token(post_with_a_mistake(client, joerg, bill))
    client.force_login(owner)
    response = client.post(reverse("meal-create"), form_data(joerg, kept_bill=theirs))
    assert KEPT_MESSAGE in page_of(response)
    assert not Meal.objects.exists()
    assert len(pending_files(private_uploads)) == 1  # still the outsider's, untouched


def test_a_photo_is_kept_for_a_day(owner_client, owner, joerg, bill, private_uploads):
    token = kept_token(post_with_a_mistake(owner_client, joerg, bill))
    [old] = pending_files(private_uploads)
    a_day_ago = (timezone.now() - dt.timedelta(hours=25)).timestamp()
    os.utime(old, (a_day_ago, a_day_ago))
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25), tick=False):
        response = owner_client.post(reverse("meal-create"), form_data(joerg, kept_bill=token))
        assert KEPT_MESSAGE in page_of(response)
        post_with_a_mistake(owner_client, joerg, bill)  # keeping another clears the old
    [new] = pending_files(private_uploads)
    assert new != old and not old.exists()
