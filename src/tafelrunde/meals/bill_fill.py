"""What a bill's reading puts into a meal: the values for the fields left empty, the TSE data,
and the reading kept on the meal (Meal.bill_reading) for the form's marks and its note.

The command and the API fill the empty fields at once and say which; the meal form proposes
them, marked, and the user confirms them by saving. What was given by hand always wins.
"""

from __future__ import annotations

from collections.abc import Set
from decimal import Decimal, InvalidOperation

from tafelrunde.columns import max_length
from tafelrunde.meals.bill_reading import BillReading
from tafelrunde.meals.models import Meal

# The reading's name of a value -> the meal's field it goes to.
MEAL_FIELDS = {
    "restaurant": "restaurant",
    "address": "restaurant_address",
    "total": "amount",
    "tip": "tip",
    "currency": "currency",
}
TSE_FIELDS = ("serial", "transaction", "start", "end", "signature_counter")


def stored_reading(reading: BillReading, proposed: bool) -> dict:
    """The reading as Meal.bill_reading keeps it: its JSON (BillReading.as_json), the key of
    its note (to show the note in the reader's language), and `proposed` while the form still
    offers its values for the user to confirm."""
    return {**reading.as_json(), "note_key": reading.note_key, "proposed": proposed}


def proposals(meal: Meal) -> dict[str, tuple[object, str]]:
    """{meal field: (value, how it was read)} of the stored reading for the meal's empty
    fields, while the reading is still proposed."""
    stored = meal.bill_reading if isinstance(meal.bill_reading, dict) else {}
    if not stored.get("proposed"):
        return {}
    how = stored.get("how") or {}
    found: dict[str, tuple[object, str]] = {}
    for name, field in MEAL_FIELDS.items():
        value = typed(name, stored.get(name), field)
        if value is not None and name in how and is_empty(meal, field):
            found[field] = (value, how[name])
    if "amount" not in found:  # the currency belongs to the total read with it
        found.pop("currency", None)
    return found


def fill_meal(meal: Meal, reading: BillReading, given: Set[str] = frozenset()) -> list[str]:
    """Put what was read into the meal's empty fields not in `given`; the TSE data and the
    gross amounts when the meal has none. Returns the fields filled."""
    filled = []
    stored = reading.as_json()
    for name, field in MEAL_FIELDS.items():
        value = typed(name, stored.get(name), field)
        if value is None or field in given or not is_empty(meal, field):
            continue
        if field == "currency" and "amount" not in filled:
            continue
        setattr(meal, field, value)
        filled.append(field)
    filled += fill_signed_data(meal, reading)
    return filled


def attach_bill(meal: Meal, upload, reading: BillReading) -> list[str]:
    """Attach a checked photo to the meal in place of its old one, fill the meal's empty
    fields from its reading and keep the reading; the fields filled. The old photo's file
    goes once the meal is saved."""
    from django.db import transaction

    old = meal.bill_photo.name
    if old:
        clear_signed_data(meal)
        storage = meal.bill_photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    filled = fill_meal(meal, reading)
    meal.bill_reading = stored_reading(reading, proposed=False)
    meal.bill_photo.save(upload.name, upload, save=False)
    return filled


def fill_signed_data(meal: Meal, reading: BillReading) -> list[str]:
    """The register's TSE data and the gross amounts by rate, when the meal has none yet."""
    filled = []
    if reading.tse is not None and not meal.tse_serial:
        meal.tse_serial = reading.tse.serial
        meal.tse_transaction = reading.tse.transaction
        meal.tse_start = reading.tse.start
        meal.tse_end = reading.tse.end
        meal.tse_signature_counter = reading.tse.signature_counter
        filled.append("tse")
    if reading.gross_by_rate and not meal.gross_by_rate:
        meal.gross_by_rate = {rate: str(amount) for rate, amount in reading.gross_by_rate.items()}
        filled.append("gross_by_rate")
    return filled


def clear_signed_data(meal: Meal) -> None:
    """Forget the TSE data and gross amounts of a bill that was replaced."""
    meal.tse_serial = ""
    meal.tse_transaction = meal.tse_signature_counter = None
    meal.tse_start = meal.tse_end = None
    meal.gross_by_rate = {}


def is_empty(meal: Meal, field: str) -> bool:
    if field == "currency":
        return True  # it always has one; it follows the amount it belongs to
    return getattr(meal, field) in (None, "")


def typed(name: str, value, field: str) -> object:
    """A stored value as the meal's field takes it (a text cut to the column's length);
    None for what is missing or wrong."""
    if value is None or value == "":
        return None
    if name in ("total", "tip"):
        try:
            return Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation:
            return None
    return str(value)[: max_length(Meal, field)]


def gross_by_rate_in_order(gross_by_rate: dict) -> list[tuple[str, Decimal]]:
    """The stored gross amounts, highest rate first (PostgreSQL keeps no key order)."""
    rows = []
    for rate, amount in (gross_by_rate or {}).items():
        try:
            rows.append((Decimal(str(rate)), str(rate), Decimal(str(amount))))
        except InvalidOperation:
            continue
    return [(rate, amount) for _value, rate, amount in sorted(rows, reverse=True)]
