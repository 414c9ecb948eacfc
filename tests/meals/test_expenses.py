"""The expense export: meals of a date range as CSV, with totals and the deductible share."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tafelrunde.meals.expenses import (
    COLUMNS,
    deductible_amount,
    export_expenses_csv,
)
from tafelrunde.meals.models import Meal, MealParticipant
from tests.factories import MealFactory, PlaceFactory

pytestmark = pytest.mark.django_db

MARCH = {"from": "2027-03-01", "to": "2027-03-31"}


def meal_on(owner, day: int, month: int = 3, **fields) -> Meal:
    fields.setdefault("amount", Decimal("40.00"))
    return MealFactory(owner=owner, date=dt.date(2027, month, day), **fields)


@pytest.fixture
def march(owner):
    """A business dinner and a private lunch in March, and meals either side of it."""
    business = meal_on(
        owner,
        14,
        restaurant="Brauhaus Müller",
        place=PlaceFactory(city="Dresden"),
        occasion="Abstimmung Rahmenvertrag 2027 mit Müller GmbH",
        business=True,
        amount=Decimal("123.40"),
        tip=Decimal("12.60"),
    )
    for name in ("Jörg Weiß", "Zoë Ølsen"):
        MealParticipant.objects.create(meal=business, name=name)
    private = meal_on(
        owner, 31, restaurant="Café Émile", occasion="Geburtstag", business=False, tip=None
    )
    MealParticipant.objects.create(meal=private, name="Ana Müller")
    meal_on(owner, 28, month=2, restaurant="Before")
    meal_on(owner, 1, month=4, restaurant="After")
    return business, private


def rows_of(text: str) -> list[dict]:
    assert text.startswith("\ufeff")  # spreadsheets open it as UTF-8
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def export(owner, start="2027-03-01", end="2027-03-31") -> list[dict]:
    days = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return rows_of(export_expenses_csv(owner, *days))


def test_export_has_the_columns_an_accountant_needs(owner):
    header = export_expenses_csv(owner, dt.date(2027, 1, 1), dt.date(2027, 1, 1)).splitlines()[0]
    assert header.removeprefix("\ufeff").split(",") == list(COLUMNS)
    assert COLUMNS[:11] == (
        "date",
        "restaurant",
        "place",
        "participants",
        "occasion",
        "business",
        "amount",
        "tip",
        "total",
        "currency",
        "deductible",
    )


def test_business_meal_row_has_total_and_70_percent_deductible(owner, march):
    business, _private = export(owner)
    assert business == {
        "date": "2027-03-14",
        "restaurant": "Brauhaus Müller",
        "place": "Dresden",
        "participants": "Jörg Weiß; Zoë Ølsen",
        "occasion": "Abstimmung Rahmenvertrag 2027 mit Müller GmbH",
        "business": "yes",
        "amount": "123.40",
        "tip": "12.60",
        "total": "136.00",
        "currency": "EUR",
        "deductible": "95.20",
        "paid by": "host",
    }


def test_private_meal_is_listed_with_nothing_deductible(owner, march):
    _business, private = export(owner)
    assert private["restaurant"] == "Café Émile"
    assert private["participants"] == "Ana Müller"
    assert (private["business"], private["tip"], private["total"]) == ("no", "", "40.00")
    assert private["deductible"] == "0.00"


def test_the_range_includes_both_days_and_nothing_outside(owner, march):
    assert [row["date"] for row in export(owner)] == ["2027-03-14", "2027-03-31"]
    assert [row["restaurant"] for row in export(owner, "2027-02-28", "2027-03-14")] == [
        "Before",
        "Brauhaus Müller",
    ]


def test_another_accounts_meals_are_not_exported(owner, outsider, march):
    meal_on(outsider, 15, restaurant="Fremdes Lokal")
    assert "Fremdes Lokal" not in {row["restaurant"] for row in export(owner)}
    assert [row["restaurant"] for row in export(outsider)] == ["Fremdes Lokal"]


def test_formula_in_an_occasion_is_neutralised(owner):
    meal_on(owner, 2, occasion="=cmd|' /C calc'!A0", restaurant="@SUM(A1)")
    (row,) = export(owner)
    assert row["occasion"] == "'=cmd|' /C calc'!A0"
    assert row["restaurant"] == "'@SUM(A1)"


@pytest.mark.parametrize(
    ("amount", "tip", "expected"),
    [("136.00", None, "95.20"), ("10.00", "0.05", "7.04"), ("0.01", None, "0.01")],
)
def test_deductible_share_is_rounded_to_the_cent(owner, amount, tip, expected):
    meal = Meal(owner=owner, business=True, amount=Decimal(amount), tip=tip and Decimal(tip))
    assert deductible_amount(meal) == Decimal(expected)


def test_a_meal_the_guest_paid_costs_the_owner_nothing_to_deduct(owner):
    meal = Meal(owner=owner, business=True, amount=Decimal("80"), paid_by=Meal.PaidBy.GUEST)
    assert deductible_amount(meal) == Decimal("0.00")


def test_a_meal_without_amounts_has_no_total(owner):
    meal = Meal(owner=owner, business=True)
    assert meal.total is None
    assert deductible_amount(meal) == Decimal("0.00")


def test_a_tip_without_an_amount_is_no_total_on_the_page_nor_in_the_csv(owner, owner_client):
    # A tip alone is not what the meal cost: every face leaves the total open until the
    # amount is noted, rather than report the tip as the meal's total (and deduct 70 % of it).
    meal = meal_on(owner, 9, restaurant="Sophienkeller", amount=None, tip=Decimal("5.00"))
    assert meal.total is None
    (row,) = export(owner)
    assert (row["amount"], row["tip"], row["total"], row["deductible"]) == ("", "5.00", "", "0.00")
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    detail = owner_client.get(reverse("meal-detail", args=[meal.pk]), **english)
    assert "not noted yet" in detail.content.decode() and "tip €5.00" in detail.content.decode()
    assert "together" not in detail.content.decode()
    listing = owner_client.get(reverse("meal-expenses-form"), MARCH, **english)
    assert "no amount yet" in listing.content.decode()
    assert "Total €" not in listing.content.decode()


def test_once_the_amount_is_noted_page_and_csv_show_the_same_total(owner, owner_client):
    meal = meal_on(owner, 9, amount=Decimal("84.50"), tip=Decimal("5.50"))
    assert meal.total == Decimal("90.00")
    (row,) = export(owner)
    assert row["total"] == "90.00"
    detail = owner_client.get(reverse("meal-detail", args=[meal.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "together €90.00" in detail.content.decode()


# The download and the page


def test_owner_downloads_the_csv(owner_client, owner, march):
    response = owner_client.get(reverse("meal-expenses"), MARCH)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "tafelrunde-meals-2027-03-01-2027-03-31.csv" in response["Content-Disposition"]
    rows = rows_of(response.content.decode("utf-8"))
    assert [(row["restaurant"], row["deductible"]) for row in rows] == [
        ("Brauhaus Müller", "95.20"),
        ("Café Émile", "0.00"),
    ]


def test_outsider_downloads_only_their_own_meals(outsider_client, march):
    response = outsider_client.get(reverse("meal-expenses"), MARCH)
    assert rows_of(response.content.decode("utf-8")) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2027-03-01"}, "This field is required."),
        ({}, "This field is required."),
        ({"from": "yesterday", "to": "2027-03-31"}, "Enter a valid date."),
        ({"from": "2027-02-30", "to": "2027-03-31"}, "Enter a valid date."),
        ({"from": "99999-01-01", "to": "2027-03-31"}, "Enter a valid date."),
        ({"from": "2027-04-01", "to": "2027-03-01"}, "must not be after the last day"),
    ],
)
def test_bad_dates_are_a_400_with_a_message(owner_client, query, message):
    response = owner_client.get(reverse("meal-expenses"), query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_expenses_page_offers_this_year_so_far(owner_client):
    response = owner_client.get(reverse("meal-expenses-form"))
    assert response.status_code == 200
    assert 'name="from"' in response.content.decode()
    assert response.context["form"]["from"].value().month == 1


def test_expenses_page_lists_the_range_and_warns_about_generic_occasions(
    owner_client, owner, march
):
    meal_on(owner, 20, restaurant="Sophienkeller", occasion="Geschäftsessen", business=True)
    response = owner_client.get(reverse("meal-expenses-form"), MARCH, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert "Brauhaus Müller" in page and "Café Émile" in page
    assert "too generic" in page
    assert page.count('class="warning"') == 1
    business, _private = march
    assert reverse("meal-receipt", args=[business.pk]) in page
    assert reverse("meal-expenses") in page


def test_outsider_sees_none_of_the_owners_meals_on_the_page(outsider_client, march):
    page = outsider_client.get(reverse("meal-expenses-form"), MARCH).content.decode()
    assert "Brauhaus Müller" not in page
