"""Business meals booked for the accountant: a DATEV Buchungsstapel for a range of days.

Each business meal the owner paid (all of it, or half of it when split) is booked in EUR as
business-meal expense: 70 % to the deductible account and 30 % to the non-deductible one
(§4 Abs. 5 Satz 1 Nr. 2 EStG), both gross with the input-VAT key of the bill's rate, so the
whole input VAT is deducted. The tip carries no VAT and is booked 70/30 without a key. Cents
add up exactly: the deductible part is 70 % rounded down to the cent, the rest is not
deductible. A meal that cannot be booked honestly (another currency, no amount, amounts by
rate that do not add up) is left out and said so, never dropped in silence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from tafelrunde.core.datev import (
    BatchHeader,
    Booking,
    fiscal_year_start,
    next_fiscal_year,
    write_batch,
)
from tafelrunde.meals.expenses import DEDUCTIBLE_SHARE, meals_between, owner_share
from tafelrunde.meals.models import AccountingSettings, Meal
from tafelrunde.owned import Owner

CENT = Decimal("0.01")
# Input-VAT keys (BU-Schlüssel) by rate: 9 = 19 % Vorsteuer, 8 = 7 % Vorsteuer; none at 0 %.
TAX_KEYS = {Decimal(19): "9", Decimal(7): "8", Decimal(0): ""}
PAID_BY_OWNER = {Meal.PaidBy.HOST, Meal.PaidBy.SPLIT}


# The smallest numbers the format allows, written when the account has not set its own: the
# batch is still made, and the user is told (stand_in_warning).
STAND_IN_ADVISER, STAND_IN_CLIENT = 1001, 1


class ExportRefused(Exception):
    """The batch cannot be written at all (settings missing, a range over two fiscal years)."""


@dataclass(frozen=True)
class Part:
    """A piece of what the owner paid for a meal: gross at a VAT rate, or the tip (rate None)."""

    amount: Decimal
    rate: Decimal | None
    assumed: bool = False  # the rate is the default, not the bill's


@dataclass
class MealBookings:
    meal: Meal
    bookings: list[Booking] = field(default_factory=list)
    skipped: str = ""  # why the meal is not booked
    note: str = ""  # what was assumed (the VAT rate when the bill did not say)


@dataclass
class DatevExport:
    batch: bytes
    meals: list[MealBookings]
    # Said to the user with the file: the stand-in adviser and client numbers, when used.
    warnings: list[str] = field(default_factory=list)

    @property
    def bookings(self) -> int:
        return sum(len(item.bookings) for item in self.meals)

    @property
    def booked(self) -> list[MealBookings]:
        return [item for item in self.meals if item.bookings]

    @property
    def skipped(self) -> list[MealBookings]:
        return [item for item in self.meals if item.skipped]


def document_number(meal: Meal) -> str:
    """The meal's document number (Belegfeld 1), the same in the batch and the ZIP's names."""
    return f"TR{meal.pk}"


def is_booked_expense(meal: Meal) -> bool:
    """Business meals the owner paid for (in part): what the batch is about."""
    return meal.business and meal.paid_by in PAID_BY_OWNER


def meal_parts(meal: Meal, default_rate: Decimal) -> tuple[list[Part], str]:
    """The owner's share split by VAT rate and tip, and a note of what was assumed.

    ValueError (a sentence for the user) when the meal cannot be booked.
    """
    if meal.currency.upper() != "EUR":
        message = _("paid in %(currency)s; DATEV bookings need EUR and an exchange rate")
        raise ValueError(message % {"currency": meal.currency})
    if meal.amount is None or meal.total is None or meal.total <= 0:
        raise ValueError(_("no amount noted"))
    if meal.amount < 0 or (meal.tip or 0) < 0:
        raise ValueError(_("a negative amount or tip cannot be booked"))
    note = ""
    by_rate = _rates(meal.gross_by_rate)
    if not by_rate:
        by_rate = {default_rate: meal.amount}
        note = _("the bill's VAT rate is not known; booked at %(rate)s %%") % {"rate": default_rate}
    elif sum(by_rate.values()) != meal.amount:
        message = _("the amounts by VAT rate add up to %(sum)s, the amount is %(amount)s")
        raise ValueError(message % {"sum": sum(by_rate.values()), "amount": meal.amount})
    parts = [
        Part(amount, rate, assumed=bool(note))
        for rate, amount in sorted(by_rate.items(), reverse=True)
    ]
    if meal.tip:
        parts.append(Part(meal.tip, None))
    share = owner_share(meal)
    if not share:
        raise ValueError(_("no amount noted"))
    return _shared(parts, meal.total, share), note


def _rates(gross_by_rate: object) -> dict[Decimal, Decimal]:
    if not isinstance(gross_by_rate, dict):
        raise ValueError(_("the amounts by VAT rate cannot be read"))
    by_rate: dict[Decimal, Decimal] = {}
    for key, value in gross_by_rate.items():
        try:
            rate = Decimal(str(key).replace(",", ".").strip())
            amount = Decimal(str(value).replace(",", ".").strip())
        except InvalidOperation:
            raise ValueError(_("the amounts by VAT rate cannot be read")) from None
        if rate not in TAX_KEYS:
            message = _("the VAT rate %(rate)s %% has no input-VAT key here")
            raise ValueError(message % {"rate": key})
        if not amount.is_finite() or amount < 0 or amount != amount.quantize(CENT):
            raise ValueError(_("the amounts by VAT rate cannot be read"))
        if amount:
            rate = Decimal(int(rate))  # 19.0 and 19 are one rate
            by_rate[rate] = by_rate.get(rate, Decimal(0)) + amount
    return by_rate


def _shared(parts: list[Part], total: Decimal, share: Decimal) -> list[Part]:
    """`parts` scaled from `total` to `share`, to the cent, adding up to `share` exactly."""
    if share == total:
        return parts
    exact = [part.amount * share / total for part in parts]
    cents = [amount.quantize(CENT, rounding=ROUND_DOWN) for amount in exact]
    left = int((share - sum(cents)) / CENT)
    by_remainder = sorted(range(len(parts)), key=lambda i: exact[i] - cents[i], reverse=True)
    for index in by_remainder[:left]:
        cents[index] += CENT
    return [
        Part(amount, part.rate, part.assumed)
        for amount, part in zip(cents, parts, strict=True)
        if amount
    ]


def split_deductible(amount: Decimal) -> tuple[Decimal, Decimal]:
    """70 % rounded down to the cent, and the rest: together exactly `amount`."""
    deductible = (amount * DEDUCTIBLE_SHARE).quantize(CENT, rounding=ROUND_DOWN)
    return deductible, amount - deductible


def meal_bookings(meal: Meal, settings: AccountingSettings) -> MealBookings:
    """The meal's booking lines, or why it is not booked."""
    result = MealBookings(meal)
    if meal.status != Meal.Status.HELD:
        result.skipped = _("still planned")
        return result
    try:
        parts, result.note = meal_parts(meal, Decimal(settings.default_vat_rate))
    except ValueError as exc:
        result.skipped = str(exc)
        return result
    accounts = {
        True: settings.account("deductible"),
        False: settings.account("non_deductible"),
    }
    where = " ".join(meal.restaurant.split())
    for part in parts:
        for is_deductible, amount in zip((True, False), split_deductible(part.amount), strict=True):
            if not amount:
                continue
            result.bookings.append(
                Booking(
                    amount=amount,
                    account=accounts[is_deductible],
                    contra=settings.account("contra"),
                    tax_key="" if part.rate is None else TAX_KEYS[part.rate],
                    date=meal.date,
                    document=document_number(meal),
                    text=_booking_text(part, is_deductible, where),
                )
            )
    return result


def _booking_text(part: Part, is_deductible: bool, restaurant: str) -> str:
    # German: the text is for the German accountant and DATEV, whatever the page language.
    share = "70 %" if is_deductible else "30 %"
    if part.rate is None:
        return f"Trinkgeld {share} {restaurant}".strip()
    assumed = " angenommen" if part.assumed else ""
    return f"Bewirtung {share} USt {part.rate} %{assumed} {restaurant}".strip()


def batch_range(
    settings: AccountingSettings, start: dt.date, end: dt.date
) -> tuple[dt.date, int, int]:
    """The fiscal year's first day, the adviser and the client number (the stand-ins when
    they are not set); ExportRefused when the batch cannot be written."""
    if start > end:
        raise ExportRefused(_("The first day must not be after the last day."))
    year_start = fiscal_year_start(start, settings.fiscal_year_start_month)
    if end >= next_fiscal_year(year_start):
        message = _(
            "A DATEV batch holds one fiscal year; %(start)s to %(end)s crosses into the one "
            "starting %(next)s. Export each fiscal year on its own."
        )
        raise ExportRefused(
            message % {"start": start, "end": end, "next": next_fiscal_year(year_start)}
        )
    adviser, client = settings.adviser_number, settings.client_number
    if adviser is None or client is None:
        return year_start, STAND_IN_ADVISER, STAND_IN_CLIENT
    return year_start, adviser, client


def stand_in_warning() -> str:
    return _(
        "Your Beraternummer and Mandantennummer are not set (Settings → Accounting): the "
        "batch carries %(adviser)s and %(client)s instead, which your accountant must replace "
        "before importing it."
    ) % {"adviser": STAND_IN_ADVISER, "client": STAND_IN_CLIENT}


def booked_meals(owner: Owner, start: dt.date, end: dt.date) -> Iterable[Meal]:
    """The owner's business meals they paid for (in part) from `start` to `end`."""
    return (meal for meal in meals_between(owner, start, end) if is_booked_expense(meal))


def datev_export(
    owner: Owner, settings: AccountingSettings, start: dt.date, end: dt.date
) -> DatevExport:
    """The batch for the owner's business meals from `start` to `end` (inclusive)."""
    year_start, adviser, client = batch_range(settings, start, end)
    meals = [meal_bookings(meal, settings) for meal in booked_meals(owner, start, end)]
    header = BatchHeader(
        adviser=adviser,
        client=client,
        fiscal_year_start=year_start,
        account_length=settings.account_length,
        start=start,
        end=end,
        title=f"Bewirtung {start:%d.%m.%y}-{end:%d.%m.%y}",
        chart=settings.chart,
        created=timezone.localtime(),
    )
    bookings = [booking for item in meals for booking in item.bookings]
    warnings = [] if settings.is_complete else [stand_in_warning()]
    return DatevExport(write_batch(header, bookings), meals, warnings)
