"""`tafelrunde expenses`: the CSV as before, or the DATEV batch with its ZIP, and one-line
errors for what cannot be done."""

import json
import zipfile
from decimal import Decimal

import pytest

from tafelrunde.core.datev_check import check_batch
from tests.meals.datev_fixtures import TINY_JPEG, accounting, business_meal, seal, with_bill

pytestmark = pytest.mark.django_db
MARCH = ("--from", "2027-03-01", "--to", "2027-03-31")


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def meals(owner, outsider):
    accounting(owner)
    booked = with_bill(business_meal(owner, 14, restaurant="Brauhaus"), "bill.jpg", TINY_JPEG)
    seal(booked, 1, "sealed")
    francs = business_meal(owner, 20, restaurant="Kronenhalle", currency="CHF")
    business_meal(outsider, 14, restaurant="Geheim", amount=Decimal("99.00"))
    return booked, francs


def test_the_datev_batch_and_its_zip_are_written_with_a_summary(run_command, meals, tmp_path):
    booked, francs = meals
    target = tmp_path / "buchungen.csv"
    result = run_command("expenses", *MARCH, "--format", "datev", "--output", str(target),
                         "--user", "owner")  # fmt: skip
    assert result.status == 0, result.err
    batch = check_batch(target.read_bytes())
    assert batch.problems == [] and len(batch.rows) == 2
    assert {batch.value(row, "Belegfeld 1") for row in batch.rows} == {f"TR{booked.pk}"}
    with zipfile.ZipFile(tmp_path / "buchungen.csv.zip") as archive:
        names = sorted(archive.namelist())
    assert names == [f"TR{booked.pk}-bill.jpg", f"TR{booked.pk}-receipt.pdf"]
    assert result.out.startswith(
        f"Wrote 2 bookings for 1 meal to {target} and 2 receipts and bills to {target}.zip."
    )
    assert result.err == (
        f"Skipped meal {francs.pk} (2027-03-20): paid in CHF; DATEV bookings need EUR and an "
        "exchange rate.\n"
    )


def test_the_summary_as_json(run_command, meals, tmp_path):
    _booked, francs = meals
    target = tmp_path / "b.csv"
    result = run_command("expenses", *MARCH, "--format", "datev", "--output", str(target),
                         "--json", "--user", "owner")  # fmt: skip
    summary = json.loads(result.out)
    assert summary["bookings"] == 2 and summary["meals"] == 1 and summary["files"] == 2
    assert summary["documents"] == f"{target}.zip"
    assert [item["meal"] for item in summary["skipped"]] == [francs.pk]


def test_the_csv_goes_to_standard_output_as_before(run_command, meals):
    result = run_command("expenses", *MARCH, "--user", "owner")
    assert result.status == 0
    lines = result.out.removeprefix("\ufeff").splitlines()
    assert lines[0].startswith("date,restaurant,place")
    assert len(lines) == 3 and "Geheim" not in result.out


def test_the_csv_to_a_file(run_command, meals, tmp_path):
    target = tmp_path / "meals.csv"
    result = run_command("expenses", *MARCH, "--format", "csv", "--output", str(target),
                         "--user", "owner")  # fmt: skip
    assert result.status == 0
    assert "Brauhaus" in target.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--from", "2027-03-31", "--to", "2027-03-01"), "The first day must not be after"),
        (("--from", "31.03.2027", "--to", "2027-03-01"), "--from must be a date like"),
        ((*MARCH, "--format", "datev"), "--format datev needs --output FILE"),
        ((*MARCH, "--json"), "--json goes with --format datev"),
        ((*MARCH, "--format", "datev", "--output", "/nonexistent/dir/b.csv"), "Cannot write"),
    ],
)
def test_mistakes_are_one_line(run_command, meals, argv, message):
    result = run_command("expenses", *argv, "--user", "owner")
    assert result.status == 1
    assert result.err.startswith("Error: ") and message in result.err
    assert result.err.count("\n") == 1


def test_without_the_advisers_numbers_it_writes_stand_ins_and_says_where_to_set_them(
    run_command, owner, tmp_path
):
    business_meal(owner, 14)
    target = tmp_path / "b.csv"
    result = run_command("expenses", *MARCH, "--format", "datev", "--output", str(target))
    assert result.status == 0
    assert result.err == (
        "Warning: Your Beraternummer and Mandantennummer are not set (Settings → Accounting): "
        "the batch carries 1001 and 1 instead, which your accountant must replace before "
        "importing it.\n"
    )
    assert check_batch(target.read_bytes()).header[10].text == "1001"
    assert (tmp_path / "b.csv.zip").exists()
