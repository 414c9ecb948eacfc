"""Settings → Accounting, and the expenses page's DATEV batch and ZIP downloads."""

import html
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse

from tafelrunde.core.datev_check import check_batch
from tafelrunde.meals.models import AccountingSettings
from tests.meals.datev_fixtures import TINY_JPEG, accounting, business_meal, seal, with_bill

pytestmark = pytest.mark.django_db
MARCH = {"from": "2027-03-01", "to": "2027-03-31"}
VALID = {
    "adviser_number": "29098",
    "client_number": "55003",
    "chart": "SKR04",
    "fiscal_year_start_month": "1",
    "account_length": "4",
    "deductible_account": "",
    "non_deductible_account": "",
    "contra_account": "2180",
    "default_vat_rate": "19",
}


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def text_of(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_the_settings_page_shows_the_defaults_and_saves_the_choices(owner_client, owner):
    page = text_of(owner_client.get(reverse("accounting-settings")))
    assert "Beraternummer" in page and "Privateinlagen (SKR03 1890, SKR04 2180)" in page
    response = owner_client.post(reverse("accounting-settings"), VALID)
    assert response.status_code == 302
    saved = AccountingSettings.objects.get(owner=owner)
    assert (saved.adviser_number, saved.client_number, saved.chart) == (29098, 55003, "SKR04")
    assert [saved.account(kind) for kind in ("deductible", "non_deductible", "contra")] == [
        "6640", "6644", "2180",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"adviser_number": "1000"}, "greater than or equal to 1001"),
        ({"adviser_number": "10000000"}, "less than or equal to 9999999"),
        ({"client_number": "0"}, "greater than or equal to 1"),
        ({"client_number": "100000"}, "less than or equal to 99999"),
        ({"account_length": "9"}, "less than or equal to 8"),
        ({"contra_account": "12a4"}, "An account has 4 digits here."),
        ({"deductible_account": "46500"}, "An account has 4 digits here."),
        ({"account_length": "6"}, "give one (6640 has 4)"),
    ],
)
def test_the_form_refuses_numbers_out_of_range_and_accounts_of_the_wrong_length(
    owner_client, owner, changes, message
):
    response = owner_client.post(reverse("accounting-settings"), VALID | changes)
    assert response.status_code == 400
    assert message in text_of(response)
    assert not AccountingSettings.objects.filter(owner=owner).exists()


def test_the_settings_page_links_from_settings(owner_client):
    page = owner_client.get(reverse("settings")).content.decode()
    assert reverse("accounting-settings") in page


def test_each_account_edits_only_its_own_settings(owner_client, owner, outsider):
    theirs = accounting(outsider, adviser_number=7777)
    owner_client.post(reverse("accounting-settings"), VALID)
    theirs.refresh_from_db()
    assert theirs.adviser_number == 7777
    assert AccountingSettings.objects.get(owner=owner).adviser_number == 29098


@pytest.fixture
def march(owner, outsider):
    accounting(owner)
    booked = with_bill(business_meal(owner, 14, restaurant="Brauhaus"), "bill.jpg", TINY_JPEG)
    seal(booked, 1, "sealed")
    francs = business_meal(owner, 20, restaurant="Kronenhalle", currency="CHF")
    with_bill(business_meal(outsider, 14, restaurant="Geheim"), "bill.jpg", TINY_JPEG)
    return booked, francs


def test_the_page_downloads_the_datev_batch(owner_client, march):
    booked, _francs = march
    response = owner_client.get(reverse("meal-expenses-datev"), MARCH)
    assert response.status_code == 200
    assert "EXTF_Bewirtung_20270301_20270331.csv" in response["Content-Disposition"]
    batch = check_batch(response.content)
    assert batch.problems == []
    assert {batch.value(row, "Belegfeld 1") for row in batch.rows} == {f"TR{booked.pk}"}


def test_the_page_downloads_the_zip_of_receipts_and_bills(owner_client, march):
    booked, _francs = march
    response = owner_client.get(reverse("meal-documents-zip"), MARCH)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(BytesIO(b"".join(response.streaming_content))) as archive:
        assert sorted(archive.namelist()) == [
            f"TR{booked.pk}-bill.jpg", f"TR{booked.pk}-receipt.pdf",
        ]  # fmt: skip
        assert archive.read(f"TR{booked.pk}-bill.jpg") == TINY_JPEG


def test_the_page_names_each_meal_left_out_of_the_batch(owner_client, march):
    page = text_of(owner_client.get(reverse("meal-expenses-form"), MARCH))
    assert "Not in the DATEV batch: paid in CHF; DATEV bookings need EUR" in page
    assert "Download DATEV batch" in page and "Download receipts and bills (ZIP)" in page


def test_without_the_advisers_numbers_the_page_says_the_batch_carries_stand_ins(
    owner_client, owner
):
    business_meal(owner, 14, amount=Decimal("12.00"))
    page = text_of(owner_client.get(reverse("meal-expenses-form"), MARCH))
    assert "Beraternummer and Mandantennummer are not set (Settings → Accounting)" in page
    response = owner_client.get(reverse("meal-expenses-datev"), MARCH)
    assert response.status_code == 200
    assert check_batch(response.content).header[11].text == "1"


def test_an_outsider_gets_none_of_the_owners_meals(outsider_client, march, outsider):
    accounting(outsider)
    response = outsider_client.get(reverse("meal-expenses-datev"), MARCH)
    batch = check_batch(response.content)
    assert batch.problems == [] and len(batch.rows) == 2  # their own Geheim only
    assert b"Brauhaus" not in response.content
    response = outsider_client.get(reverse("meal-documents-zip"), MARCH)
    with zipfile.ZipFile(BytesIO(b"".join(response.streaming_content))) as archive:
        assert [name.endswith("-bill.jpg") for name in archive.namelist()] == [True]
        assert archive.namelist()[0] not in {f"TR{m.pk}-bill.jpg" for m in march}


def test_bad_dates_are_a_400_page(owner_client):
    for name in ("meal-expenses-datev", "meal-documents-zip"):
        response = owner_client.get(reverse(name), {"from": "2027-03-31", "to": "2027-03-01"})
        assert response.status_code == 400
