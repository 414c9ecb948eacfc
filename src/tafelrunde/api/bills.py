"""Bill photos: read one (`POST /bills/read`), or give one to a meal (`POST /meals/{id}/bill`),
which keeps the photo and fills the meal's empty fields from it, as `meal add --bill` does.

Both take the photo as multipart form data in the part `file`, at most 10 MB.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from tafelrunde.api.auth import TokenRequest
from tafelrunde.api.errors import NOT_FOUND, REFUSALS, invalid
from tafelrunde.api.fields import path_id
from tafelrunde.meals import photos, sealing
from tafelrunde.meals.bill_fill import attach_bill
from tafelrunde.meals.bill_reading import BillReading, NotABill, read_bill
from tafelrunde.meals.logbook import status_for
from tafelrunde.meals.models import Meal

router = Router(tags=["meals"])
# Added to ninja's schema of the body of both: the one part `file`, and nothing else.
PHOTO_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "properties": {
                        "file": {"description": "The photo (JPEG, PNG) or a PDF, at most 10 MB."}
                    },
                    "additionalProperties": False,
                }
            }
        },
    }
}
# The operations that take a photo, with the most bytes of photo each takes (api.urls).
UPLOAD_LIMITS = {"read_bill_photo": photos.MAX_BYTES, "upload_meal_bill": photos.MAX_BYTES}


class TseOut(Schema):
    serial: str = Field(description="The cash register's serial number.")
    transaction: int
    start: dt.datetime
    end: dt.datetime
    signature_counter: int


class BillReadingOut(Schema):
    restaurant: str | None
    address: str | None = Field(description="Street, postcode and city, as printed.")
    date: dt.date | None
    total: str | None = Field(description='The bill\'s total as text, e.g. "86.50".')
    tip: str | None
    currency: str | None
    gross_by_rate: dict[str, str] = Field(
        description='Gross amounts by VAT rate in percent, e.g. {"19": "12.00", "7": "40.50"}.'
    )
    tse: TseOut | None = Field(description="The register's signed data, from the QR code.")
    how: dict[str, str] = Field(
        description='How each value was read: "qr" (the receipt\'s QR code) or "ocr" (its text).'
    )
    note: str | None = Field(description="Why (part of) the photo could not be read.")


class MealBillOut(BillReadingOut):
    filled: list[str] = Field(description="The meal's fields filled from the photo.")


def reading_of(request: TokenRequest, file: UploadedFile) -> BillReading:
    """The checked photo's reading; a 422 at the part `file` for what is no bill, and at any
    other part sent (the schema allows none)."""
    for name in sorted({*request.POST, *request.FILES} - {"file"})[:1]:
        raise invalid(("body", name[:100]), "Only the part `file` is taken.", "extra_forbidden")
    try:
        photos.check_bill(file)
        data = file.read(photos.MAX_BYTES + 1)
        file.seek(0)
        return read_bill(data)
    except DjangoValidationError as exc:
        raise invalid(("body", "file"), exc.messages[0], exc.code or "invalid") from None
    except NotABill as exc:
        raise invalid(("body", "file"), str(exc), "not_a_bill") from None


@router.post(
    "/bills/read",
    response={200: BillReadingOut, **REFUSALS},
    summary="Read a bill photo",
    description="What the photo says and how each value was read; nothing is stored.",
    openapi_extra=PHOTO_BODY,
)
def read_bill_photo(request: TokenRequest, file: File[UploadedFile]):
    return reading_of(request, file).as_json()


@router.post(
    "/meals/{meal_id}/bill",
    response={200: MealBillOut, **REFUSALS, **NOT_FOUND},
    summary="Give a meal its bill photo",
    description=(
        "Keeps the photo (replacing an earlier one) and fills the meal's empty fields from "
        "it: restaurant, address, amount and tip, the currency with the amount, the TSE data "
        "and the gross amounts by rate. Fields already set stay as they are."
    ),
    openapi_extra=PHOTO_BODY,
)
def upload_meal_bill(
    request: TokenRequest, file: File[UploadedFile], meal_id: int = path_id("meal")
):
    meal = Meal.objects.owned_by(request.auth).get_or_404(meal_id)
    reading = reading_of(request, file)  # outside the transaction: reading takes a moment
    with transaction.atomic():
        meal = Meal.objects.owned_by(request.auth).select_for_update().get_or_404(meal_id)
        filled = attach_bill(meal, file, reading)
        meal.status = status_for(meal.status == Meal.Status.HELD, meal.amount)
        meal.save()
        sealing.record_changes(meal)  # an approved receipt gets its next version
    return {**reading.as_json(), "filled": filled}
