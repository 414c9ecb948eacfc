"""Value types the API's schemas share: ids, texts, dates, money, pages.

Their limits are in the schema, and the validation keeps exactly to it: every text refuses
NUL characters (PostgreSQL cannot store them); every id fits a 64-bit database column, so a
larger one is a 422, not a database error; a JSON body's numbers, booleans and dates are
taken only as such (no "5" for 5, no 0 for false, no number of seconds for a date).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Annotated, Any

from ninja import Path, Query
from pydantic import AfterValidator, BeforeValidator, Field, Strict, WithJsonSchema

MAX_ID = 2**63 - 1
NO_NUL = r"^[^\x00]*$"
# Items of a list that the forms read one per line ("phones", "emails").
ONE_LINE = r"^[^\x00\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]*$"


def _json_integer(value):
    """An integer as JSON Schema means it: 5 or 5.0, but not "5" and not true."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("an integer")
    return value


def integer(least: int, most: int, description: str = "") -> object:
    """An integer from `least` to `most` (the limits inside, so the schema shows them)."""
    limits = Field(ge=least, le=most, description=description or None)
    return Annotated[int, limits, BeforeValidator(_json_integer)]


if TYPE_CHECKING:  # an Annotated type built at run time; to the type checker an int
    RowId = int
else:
    RowId = integer(1, MAX_ID, "A row's id.")
Flag = Annotated[bool, Strict()]
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TIME_OF_DAY = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


def _iso_day(value):
    if not (isinstance(value, str) and ISO_DAY.fullmatch(value)):
        raise ValueError("a date like 2025-03-14")
    return value


Day = Annotated[dt.date, BeforeValidator(_iso_day)]
TimeOfDay = Annotated[str, Field(pattern=TIME_OF_DAY, description="e.g. 19:30")]


def text(max_length: int, description: str = "", **kwargs) -> Any:
    """A text field of at most `max_length` characters, without NUL characters."""
    return Field(max_length=max_length, pattern=NO_NUL, description=description or None, **kwargs)


def path_id(what: str):
    return Path(..., ge=1, le=MAX_ID, description=f"The {what}'s id.")


class Page:
    """?limit= and ?offset= of a list."""

    LIMIT = Query(50, ge=1, le=500, description="How many rows at most.")
    OFFSET = Query(0, ge=0, le=2**31 - 1, description="How many rows to skip.")


MONEY_TEXT = re.compile(r"[0-9]{1,8}(\.[0-9]{0,2})?")
MOST_MONEY = Decimal("99999999.99")  # ten digits, two after the point, as the database keeps


def _money_text(value):
    if isinstance(value, bool) or (isinstance(value, str) and not MONEY_TEXT.fullmatch(value)):
        raise ValueError('an amount like "86.50" (at most two decimals)')
    return value


Money = Annotated[
    Decimal,
    BeforeValidator(_money_text),
    Field(ge=0, le=MOST_MONEY),
    AfterValidator(lambda value: value.quantize(Decimal("0.01"), ROUND_HALF_UP)),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "maximum": float(MOST_MONEY)},
                {"type": "string", "pattern": f"^{MONEY_TEXT.pattern}$"},
            ],
            "description": 'An amount: a number (rounded to cents) or text like "86.50".',
        }
    ),
]
