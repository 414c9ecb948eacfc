"""The photo of a meal's bill: kept privately, shown to its owner only, nothing else accepted."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import MealFactory, MealParticipantFactory
from tests.meals.test_meal_pages import TINY_PNG, TODAY, meal_form_data, page_of


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def upload(client, meal, contact, name, content, content_type):
    bill = SimpleUploadedFile(name, content, content_type=content_type)
    data = meal_form_data(guests=[contact.pk], bill_photo=bill)
    return client.post(reverse("meal-edit", args=[meal.pk]), data)


@pytest.fixture
def meal(owner, joerg):
    meal = MealFactory(owner=owner, date=TODAY)
    MealParticipantFactory(meal=meal, contact=joerg)
    return meal


def test_the_bill_photo_is_kept_privately_and_shown_to_its_owner(
    owner_client, owner, meal, joerg, private_uploads
):
    upload(owner_client, meal, joerg, "Rechnung Sophienkeller.png", TINY_PNG, "image/png")
    meal.refresh_from_db()
    stored = Path(meal.bill_photo.path)
    assert stored.parent == private_uploads / "bills" / str(owner.pk)
    assert stored.suffix == ".png" and "Rechnung" not in stored.name
    assert Path(settings.STATIC_ROOT) not in stored.parents
    response = owner_client.get(reverse("meal-bill", args=[meal.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="bill-2025-03-12.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == TINY_PNG


def test_a_pdf_bill_is_served_as_a_pdf(owner_client, meal, joerg):
    upload(owner_client, meal, joerg, "bill", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf")
    response = owner_client.get(reverse("meal-bill", args=[meal.pk]))
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("huge.jpg", b"\xff\xd8\xff\xe0" + bytes(20 * 1024 * 1024), "a bill may be at most 10"),
        (
            "setup.exe",
            b"MZ\x90\x00" + bytes(64),
            "Please upload a photo (JPEG, PNG, HEIC) or a PDF",
        ),
        (
            "fake.png",
            b"<script>alert(1)</script>",
            "Please upload a photo (JPEG, PNG, HEIC) or a PDF",
        ),
    ],
)
def test_a_huge_file_or_a_program_is_refused(
    owner_client, meal, joerg, private_uploads, name, content, message
):
    response = upload(owner_client, meal, joerg, name, content, "application/octet-stream")
    assert response.status_code == 200
    assert message in page_of(response)
    meal.refresh_from_db()
    assert not meal.bill_photo
    assert not (private_uploads / "bills").exists()


def test_a_new_bill_replaces_the_old_file(
    owner_client, meal, joerg, django_capture_on_commit_callbacks
):
    upload(owner_client, meal, joerg, "first.png", TINY_PNG, "image/png")
    meal.refresh_from_db()
    first = Path(meal.bill_photo.path)
    with django_capture_on_commit_callbacks(execute=True):
        upload(owner_client, meal, joerg, "second.pdf", b"%PDF-1.7\n", "application/pdf")
    meal.refresh_from_db()
    assert not first.exists()
    assert Path(meal.bill_photo.path).exists()


def test_the_bill_of_a_meal_without_one_is_404(owner_client, meal):
    assert owner_client.get(reverse("meal-bill", args=[meal.pk])).status_code == 404
