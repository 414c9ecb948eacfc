"""The ZIP for the accountant: each approved receipt as sealed and each bill photo, named by
the booking's document number, and nothing else."""

import datetime as dt
import io
import zipfile

import pytest

from tafelrunde.meals.documents_zip import write_documents_zip
from tests.meals.datev_fixtures import TINY_JPEG, business_meal, pdf_bytes, seal, with_bill

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def zip_of(owner, start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31)) -> zipfile.ZipFile:
    target = io.BytesIO()
    write_documents_zip(owner, start, end, target)
    target.seek(0)
    return zipfile.ZipFile(target)


def test_the_latest_approved_receipt_and_the_bill_are_named_by_the_document_number(owner):
    meal = with_bill(business_meal(owner, 14), "bill.jpg", TINY_JPEG)
    seal(meal, 1, "version one")
    seal(meal, 2, "version two")
    archive = zip_of(owner)
    assert sorted(archive.namelist()) == [f"TR{meal.pk}-bill.jpg", f"TR{meal.pk}-receipt.pdf"]
    assert archive.read(f"TR{meal.pk}-receipt.pdf") == pdf_bytes("version two")
    assert archive.read(f"TR{meal.pk}-bill.jpg") == TINY_JPEG
    assert archive.testzip() is None


def test_a_bill_keeps_the_extension_of_its_stored_file(owner):
    meal = with_bill(business_meal(owner, 3), "bill.pdf", pdf_bytes("the restaurant's bill"))
    assert zip_of(owner).namelist() == [f"TR{meal.pk}-bill.pdf"]


def test_private_meals_meals_outside_the_range_and_other_accounts_documents_stay_out(
    owner, outsider
):
    kept = with_bill(business_meal(owner, 10), "bill.jpg", TINY_JPEG)
    with_bill(business_meal(owner, 11, business=False), "bill.jpg", TINY_JPEG)
    with_bill(business_meal(owner, 12, paid_by="guest"), "bill.jpg", TINY_JPEG)
    seal(business_meal(owner, 1, date=dt.date(2027, 4, 1)), 1, "April")
    theirs = with_bill(business_meal(outsider, 10), "bill.jpg", TINY_JPEG)
    seal(theirs, 1, "not yours")
    assert zip_of(owner).namelist() == [f"TR{kept.pk}-bill.jpg"]


def test_a_range_without_documents_is_an_empty_zip(owner):
    business_meal(owner, 14)
    assert zip_of(owner).namelist() == []
