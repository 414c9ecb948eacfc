"""What a meal cost: the one rule for its page, the expense CSV, the receipt and the statistics."""

from __future__ import annotations

from decimal import Decimal


def meal_total(amount: Decimal | None, tip: Decimal | None) -> Decimal | None:
    """Amount plus tip; None while the amount is not noted, even when a tip is.

    A tip alone is not what the meal cost: an expense report leaves the total blank rather
    than understate it, and the statistics leave the meal out of the spend until it is noted.
    """
    if amount is None:
        return None
    return amount + (tip or Decimal(0))
