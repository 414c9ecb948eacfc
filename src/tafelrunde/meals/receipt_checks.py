"""Before a receipt is approved: what is missing or doubtful, as the tax office would see it.

Each finding is one translated sentence; the meal page lists them above the Approve button
and `tafelrunde receipt approve` prints them. They warn, they do not forbid: the owner may
approve a receipt with findings (a bill may really be dated the day after the meal, shortly
after midnight) — the approval records that they saw them.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tafelrunde.meals.models import Meal
from tafelrunde.meals.occasions import generic_occasion_message, is_too_generic
from tafelrunde.meals.receipts import HOST_NAMED_ABOVE


def receipt_findings(meal: Meal) -> list[str]:
    """What is missing or doubtful on the meal's receipt, most important first; [] when none."""
    if not meal.business:
        return [_("This is a private meal: a receipt is only made for business meals.")]
    findings = []
    if meal.status == Meal.Status.PLANNED:
        findings.append(_("The meal is still planned: approve its receipt once it happened."))
    if is_too_generic(meal.occasion):
        findings.append(generic_occasion_message(meal.occasion))
    if meal.pk is None or not meal.participants.exists():
        findings.append(_("No guests are noted: the receipt must name everyone at the table."))
    if not meal.restaurant.strip():
        findings.append(_("The restaurant's name is missing."))
    if not meal.restaurant_address.strip():
        findings.append(_("The restaurant's address is missing."))
    if meal.amount is None:
        findings.append(_("The amount of the bill is missing."))
    if not meal.bill_photo:
        findings.append(
            _(
                "There is no photo of the restaurant's bill: the receipt counts only with the "
                "machine-printed bill attached."
            )
        )
    findings += _date_findings(meal)
    if in_germany(meal) and meal.bill_photo and not has_tse_data(meal):
        findings.append(
            _(
                "The cash register's TSE data are not known: a German restaurant's bill must "
                "show them (KassenSichV). Check that the bill does."
            )
        )
    if meal.currency == "EUR" and meal.amount is not None and meal.amount > HOST_NAMED_ABOVE:
        findings.append(
            _(
                "The bill is above 250 €: it must name you as the host (R 4.10 EStR). "
                "Check that it does."
            )
        )
    return findings


def bill_day(meal: Meal) -> dt.date | None:
    """The day the bill is dated: the TSE start, else the date read from the photo."""
    if meal.tse_start is not None:
        return timezone.localdate(meal.tse_start)
    reading = meal.bill_reading if isinstance(meal.bill_reading, dict) else {}
    text = reading.get("date")  # ISO, as meals.bill_fill.stored_reading keeps it
    if not isinstance(text, str):
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _date_findings(meal: Meal) -> list[str]:
    day = bill_day(meal)
    if day is None or day == meal.date:
        return []
    words = {"bill": date_format(day), "meal": date_format(meal.date)}
    if day < meal.date:
        return [_("The bill is dated %(bill)s, before the meal on %(meal)s.") % words]
    return [_("The bill is dated %(bill)s, not the day of the meal (%(meal)s).") % words]


def in_germany(meal: Meal) -> bool:
    """Whether the meal was in Germany: its place, else a bill in euros from a German host."""
    if meal.place is not None:
        return meal.place.country == "DE"
    return meal.currency == "EUR"


def has_tse_data(meal: Meal) -> bool:
    """Whether anything of the cash register's TSE data is known."""
    return bool(meal.tse_serial) or any(
        value is not None
        for value in (meal.tse_transaction, meal.tse_start, meal.tse_signature_counter)
    )
