"""Business meals as DATEV bookings: 70/30 with the full input VAT, cents exact, nothing
dropped in silence, and only the owner's meals."""

import datetime as dt
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from tafelrunde.core.datev_check import check_batch
from tafelrunde.meals.datev_export import (
    ExportRefused,
    datev_export,
    meal_bookings,
    split_deductible,
)
from tafelrunde.meals.expenses import deductible_amount, owner_share
from tafelrunde.meals.models import AccountingSettings, Meal
from tests.factories import MealFactory

GOLDEN = Path(__file__).parent / "golden"
MARCH = dt.date(2027, 3, 1), dt.date(2027, 3, 31)
APRIL_2 = dt.datetime(2027, 4, 2, 9, 5, 7, tzinfo=dt.UTC)


def meal_on(owner, day: int, **fields) -> Meal:
    fields.setdefault("restaurant", "Sophienkeller")
    return MealFactory(owner=owner, date=dt.date(2027, 3, day), **fields)


def settings_of(owner, **fields) -> AccountingSettings:
    values = {"adviser_number": 29098, "client_number": 55003} | fields
    return AccountingSettings.objects.create(owner=owner, **values)


@pytest.fixture
def march(owner, outsider):
    """Business meals of March: two VAT rates and a tip, a split bill, one in francs, one whose
    rate the bill did not say; and meals that are no business expense of the owner's."""
    meals = {
        "two rates": meal_on(
            owner,
            14,
            restaurant="Brauhaus Müller",
            amount=Decimal("123.40"),
            tip=Decimal("12.60"),
            gross_by_rate={"19": "23.40", "7": "100.00"},
        ),
        "split": meal_on(
            owner,
            20,
            restaurant='Trattoria "Da Luigi"; Bar',
            amount=Decimal("57.35"),
            tip=Decimal("3.00"),
            gross_by_rate={"19": "57.35"},
            paid_by=Meal.PaidBy.SPLIT,
        ),
        "francs": meal_on(
            owner, 22, restaurant="Kronenhalle", amount=Decimal("180.00"), currency="CHF"
        ),
        "rate unknown": meal_on(owner, 28, restaurant="Café Émile", amount=Decimal("40.00")),
    }
    meal_on(owner, 25, amount=Decimal("30.00"), business=False)
    meal_on(owner, 26, amount=Decimal("90.00"), paid_by=Meal.PaidBy.GUEST)
    meal_on(outsider, 15, restaurant="Geheim", amount=Decimal("99.00"))
    return meals


def exported(owner, **fields):
    with time_machine.travel(APRIL_2, tick=False):
        return datev_export(owner, settings_of(owner, **fields), *MARCH)


def rows(export) -> list[tuple[str, str, str, str, str, str]]:
    batch = check_batch(export.batch)
    assert batch.problems == []
    columns = ("Umsatz (ohne Soll/Haben-Kz)", "Konto", "Gegenkonto (ohne BU-Schlüssel)")
    columns += ("BU-Schlüssel", "Belegdatum", "Belegfeld 1")
    return [tuple(batch.value(row, column) for column in columns) for row in batch.rows]


def without_ids(data: bytes, meals: dict) -> bytes:
    """The batch with each meal's id replaced by its name's place, so the file is stable."""
    text = data.decode("cp1252")
    for number, meal in enumerate(meals.values(), 1):
        text = re.sub(rf'"TR{meal.pk}"', f'"TR<{number}>"', text)
    return text.encode("cp1252")


def test_a_meal_is_booked_70_30_per_vat_rate_with_its_input_vat_key_and_the_tip_without(
    owner, march
):
    two_rates = f"TR{march['two rates'].pk}"
    booked = [row for row in rows(exported(owner)) if row[5] == two_rates]
    assert booked == [
        ("16,38", "4650", "1000", "9", "1403", two_rates),
        ("7,02", "4654", "1000", "9", "1403", two_rates),
        ("70,00", "4650", "1000", "8", "1403", two_rates),
        ("30,00", "4654", "1000", "8", "1403", two_rates),
        ("8,82", "4650", "1000", "", "1403", two_rates),
        ("3,78", "4654", "1000", "", "1403", two_rates),
    ]


def test_a_split_bill_books_the_owners_half_to_the_cent(owner, march):
    split = march["split"]
    amounts = [Decimal(row[0].replace(",", ".")) for row in rows(exported(owner))
               if row[5] == f"TR{split.pk}"]  # fmt: skip
    assert sum(amounts) == owner_share(split) == Decimal("30.18")
    assert amounts == [Decimal("20.07"), Decimal("8.61"), Decimal("1.05"), Decimal("0.45")]


def test_meals_that_cannot_be_booked_are_named_with_the_reason(owner, march):
    export = exported(owner)
    assert [(item.meal, item.skipped) for item in export.skipped] == [
        (march["francs"], "paid in CHF; DATEV bookings need EUR and an exchange rate")
    ]
    unknown = next(item for item in export.meals if item.meal == march["rate unknown"])
    assert unknown.note == "the bill's VAT rate is not known; booked at 19 %"
    assert [booking.tax_key for booking in unknown.bookings] == ["9", "9"]
    assert export.bookings == 12 and len(export.booked) == 3


def test_another_accounts_meals_and_meals_that_cost_the_owner_nothing_are_not_booked(owner, march):
    documents = {row[5] for row in rows(exported(owner))}
    expected = {f"TR{march[name].pk}" for name in ("two rates", "split", "rate unknown")}
    assert documents == expected


@pytest.mark.parametrize(
    ("chart", "golden"), [("SKR03", "datev_skr03.csv"), ("SKR04", "datev_skr04.csv")]
)
def test_the_batch_is_the_golden_file(owner, march, chart, golden):
    data = without_ids(exported(owner, chart=chart).batch, march)
    path = GOLDEN / golden
    if os.environ.get("TAFELRUNDE_WRITE_GOLDEN"):
        path.write_bytes(data)
    assert data == path.read_bytes()


def test_the_accounts_chosen_and_a_longer_account_length_are_used(owner, march):
    found = rows(
        exported(
            owner, account_length=6, deductible_account="465000", non_deductible_account="465400",
            contra_account="189000", default_vat_rate="7",
        )
    )  # fmt: skip
    assert {(row[1], row[2]) for row in found} == {("465000", "189000"), ("465400", "189000")}
    unknown = [row for row in found if row[5] == f"TR{march['rate unknown'].pk}"]
    assert [row[3] for row in unknown] == ["8", "8"]


def test_without_the_advisers_numbers_the_batch_carries_stand_ins_and_says_so(owner, march):
    export = datev_export(owner, AccountingSettings(owner=owner), *MARCH)
    header = check_batch(export.batch).header
    assert (header[10].text, header[11].text) == ("1001", "1")
    assert export.bookings > 0
    assert len(export.warnings) == 1
    assert "Beraternummer and Mandantennummer are not set" in export.warnings[0]
    assert datev_export(owner, settings_of(owner), *MARCH).warnings == []


def test_a_range_over_two_fiscal_years_is_refused(owner):
    settings = settings_of(owner, fiscal_year_start_month=7)
    with pytest.raises(ExportRefused, match="crosses into the one starting 2027-07-01"):
        datev_export(owner, settings, dt.date(2027, 6, 1), dt.date(2027, 7, 31))
    export = datev_export(owner, settings, dt.date(2027, 7, 1), dt.date(2028, 6, 30))
    assert check_batch(export.batch).header[12].text == "20270701"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"amount": None}, "no amount noted"),
        ({"gross_by_rate": {"19": "10.00"}}, "add up to 10.00, the amount is 40.00"),
        ({"gross_by_rate": {"16": "40.00"}}, "the VAT rate 16 % has no input-VAT key here"),
        ({"gross_by_rate": {"19": "vierzig"}}, "cannot be read"),
        ({"status": Meal.Status.PLANNED}, "still planned"),
        ({"tip": Decimal("-5.00")}, "a negative amount or tip cannot be booked"),
    ],
)
def test_a_meal_with_amounts_that_do_not_fit_is_skipped_with_the_reason(fields, reason):
    meal = Meal(pk=7, date=dt.date(2027, 3, 3), **({"amount": Decimal("40.00")} | fields))
    result = meal_bookings(meal, AccountingSettings())
    assert result.bookings == [] and reason in result.skipped


def test_the_expense_csv_counts_the_owners_share_of_a_split_bill(owner):
    meal = meal_on(owner, 3, amount=Decimal("100.00"), paid_by=Meal.PaidBy.SPLIT)
    assert deductible_amount(meal) == Decimal("35.00")


cents = st.integers(min_value=1, max_value=500_000).map(lambda c: Decimal(c) / 100)


@given(
    at_19=st.one_of(st.none(), cents),
    at_7=st.one_of(st.none(), cents),
    tip=st.one_of(st.none(), cents),
    paid_by=st.sampled_from([Meal.PaidBy.HOST, Meal.PaidBy.SPLIT]),
)
def test_the_bookings_add_up_to_what_the_owner_paid_to_the_cent(at_19, at_7, tip, paid_by):
    by_rate = {rate: str(amount) for rate, amount in (("19", at_19), ("7", at_7)) if amount}
    amount = sum((at_19 or Decimal(0), at_7 or Decimal(0)), Decimal(0)) or Decimal("1.00")
    meal = Meal(pk=1, date=dt.date(2027, 3, 3), amount=amount, tip=tip,
                gross_by_rate=by_rate, paid_by=paid_by)  # fmt: skip
    result = meal_bookings(meal, AccountingSettings())
    assert result.skipped == ""
    assert sum(booking.amount for booking in result.bookings) == owner_share(meal)
    assert all(booking.amount > 0 for booking in result.bookings)
    deductible = sum(b.amount for b in result.bookings if b.account == "4650")
    assert deductible <= owner_share(meal) * Decimal("0.70")


@given(cents)
def test_the_deductible_part_is_never_more_than_70_percent(amount):
    deductible, rest = split_deductible(amount)
    assert deductible + rest == amount
    assert deductible <= amount * Decimal("0.7") < deductible + Decimal("0.01")
