"""Meals as expenses: the deductible share of a bill, and the CSV for the accountant.

The CSV opens in a spreadsheet as written: UTF-8 with a byte-order mark, amounts with a
decimal point and two decimals, and text cells neutralised by the same rule as the contact
export, so an occasion like "=cmd" never runs as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from tafelrunde.core.spreadsheet_cells import BOM, neutralise
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.owned import Owner

# §4 Abs. 5 Satz 1 Nr. 2 EStG: 70 % of appropriate business-meal expenses are deductible.
DEDUCTIBLE_SHARE = Decimal("0.70")
CENT = Decimal("0.01")
COLUMNS = (
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
    "paid by",
)


def owner_share(meal: Meal) -> Decimal | None:
    """What the owner paid of a meal's total: all of it, half (to the cent) when split,
    nothing when the guest paid; None while the amount is not noted."""
    total = meal.total
    if total is None or meal.paid_by == Meal.PaidBy.GUEST:
        return None if total is None else Decimal("0.00")
    if meal.paid_by == Meal.PaidBy.SPLIT:
        return (total / 2).quantize(CENT, rounding=ROUND_HALF_UP)
    return total


def deductible_amount(meal: Meal) -> Decimal:
    """The deductible share of what the owner spent: 70 % of their share of a business meal.

    Nothing for a private meal, and nothing for a meal the guest paid: it cost the owner nothing.
    """
    share = owner_share(meal)
    if not meal.business or share is None:
        return Decimal("0.00")
    return (share * DEDUCTIBLE_SHARE).quantize(CENT, rounding=ROUND_HALF_UP)


def meals_between(owner: Owner, start: dt.date, end: dt.date):
    """The owner's meals from `start` to `end` (both inclusive), oldest first, guests fetched."""
    return (
        Meal.objects.owned_by(owner)
        .filter(date__gte=start, date__lte=end)
        .select_related("place")
        .prefetch_related(Prefetch("participants", MealParticipant.objects.order_by("id")))
        .order_by("date", "time", "id")
    )


def guest_names(meal: Meal) -> list[str]:
    """The names of the guests at the table, in the order they were added."""
    return [participant.name for participant in meal.participants.all()]


def expense_row(meal: Meal) -> list[str]:
    """One meal's cells, in COLUMNS order; text cells are safe from formula injection."""
    text = [
        meal.restaurant,
        meal.place.name if meal.place else "",
        "; ".join(guest_names(meal)),
        meal.occasion,
    ]
    return [
        meal.date.isoformat(),
        *(neutralise(cell) for cell in text),
        "yes" if meal.business else "no",
        _decimal(meal.amount),
        _decimal(meal.tip),
        _decimal(meal.total),
        meal.currency,
        _decimal(deductible_amount(meal)),
        meal.paid_by,
    ]


def expense_rows(owner: Owner, start: dt.date, end: dt.date) -> Iterator[list[str]]:
    for meal in meals_between(owner, start, end):
        yield expense_row(meal)


def export_expenses_csv(owner: Owner, start: dt.date, end: dt.date) -> str:
    """The owner's meals from `start` to `end` (inclusive) as CSV text: BOM, header, rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(expense_rows(owner, start, end))
    return BOM + buffer.getvalue()


def _decimal(value: Decimal | None) -> str:
    return "" if value is None else str(value.quantize(CENT, rounding=ROUND_HALF_UP))
