"""/meals: the meal log; a meal added as `tafelrunde meal add` adds it.

Adding goes through the meal form (tafelrunde.meals.forms) and the log book it saves with,
so guests, place, evening and status follow the same rules as on the web and the command
line: a meal is held once its date has come or it has a bill. A business meal's receipt is
approved here, its sealed versions and change log read, each version's PDF fetched (meals.sealing);
deleting an approved meal takes a reason.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from django.db.models import F
from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from tafelrunde.api.auth import TokenRequest
from tafelrunde.api.errors import NOT_FOUND, REFUSALS, Message, form_invalid, invalid
from tafelrunde.api.fields import Day, Flag, Money, Page, RowId, TimeOfDay, path_id, text
from tafelrunde.api.places import PlaceOut
from tafelrunde.meals import sealing
from tafelrunde.meals.forms import MealForm
from tafelrunde.meals.logbook import delete_meal
from tafelrunde.meals.models import Meal, ReceiptVersion
from tafelrunde.meals.receipt_checks import receipt_findings
from tafelrunde.meals.receipts import NotABusinessMeal

router = Router(tags=["meals"])

# Computed from the model's choices at run time; to the type checker they are text.
if TYPE_CHECKING:
    PaidBy = str
else:
    PaidBy = Literal[tuple(Meal.PaidBy.values)]
FORM_NAMES = {"guests": "participants"}


class MealIn(Schema):
    model_config = ConfigDict(extra="forbid")

    date: Day
    participants: list[RowId] = Field(
        min_length=1, max_length=50, description="The guests: ids of your contacts."
    )
    time: TimeOfDay | None = None
    restaurant: str = text(200, default="")
    restaurant_address: str = text(300, default="")
    place: str | None = text(
        200, default=None, description="A city; default: that evening's or trip's place."
    )
    amount: Money | None = Field(None, description="The bill, e.g. 86.50.")
    tip: Money | None = None
    currency: str = Field(
        "EUR", pattern=r"^[A-Za-z]{3}$", description="A three-letter code like EUR."
    )
    business: Flag = True
    occasion: str = text(300, default="", description="The specific reason for the meal.")
    paid_by: PaidBy = "host"
    notes: str = text(10_000, default="")


class GuestOut(Schema):
    contact_id: int | None = Field(description="null once the contact was deleted.")
    name: str
    rating: int | None = Field(description="How warm it was, 1 (cool) to 5 (warm).")


class MealOut(Schema):
    id: int
    date: dt.date
    time: str | None = Field(description="e.g. 19:30")
    status: str = Field(description="planned or held.")
    restaurant: str
    restaurant_address: str
    place: PlaceOut | None
    participants: list[str] = Field(description="The guests' names.")
    guests: list[GuestOut]
    amount: str | None = Field(description='A decimal as text, e.g. "86.50".')
    tip: str | None
    currency: str
    business: bool
    occasion: str
    paid_by: str
    notes: str
    evening_id: int | None
    created_at: dt.datetime


class MealPage(Schema):
    count: int
    items: list[MealOut]


@router.get(
    "",
    response={200: MealPage, **REFUSALS},
    summary="List meals",
    description="Newest first.",
)
def list_meals(request: TokenRequest, limit: int = Page.LIMIT, offset: int = Page.OFFSET):
    meals = Meal.objects.owned_by(request.auth).order_by(
        "-date", F("time").desc(nulls_last=True), "-id"
    )
    page = meals.select_related("place").prefetch_related("participants")[offset : offset + limit]
    return {"count": meals.count(), "items": [meal_out(meal) for meal in page]}


@router.get(
    "/{meal_id}",
    response={200: MealOut, **REFUSALS, **NOT_FOUND},
    summary="Get a meal",
)
def get_meal(request: TokenRequest, meal_id: int = path_id("meal")):
    return meal_out(Meal.objects.owned_by(request.auth).get_or_404(meal_id))


@router.post(
    "",
    response={201: MealOut, **REFUSALS},
    summary="Add a meal",
)
def create_meal(request: TokenRequest, payload: MealIn):
    owner = request.auth
    data = {
        **payload.model_dump(exclude={"participants", "time", "amount", "tip", "date"}),
        "date": payload.date.isoformat(),
        "time": payload.time or "",
        # Decimals, not text: the form reads text in the page's language ("86,50" in German).
        "amount": "" if payload.amount is None else payload.amount,
        "tip": "" if payload.tip is None else payload.tip,
        "place": payload.place or "",
        "guests": [str(pk) for pk in payload.participants],
        "business": str(payload.business),
        "happened": payload.date <= timezone.localdate(),  # as `meal add` decides
    }
    form = MealForm(data, instance=Meal(owner=owner, date=payload.date), owner=owner)
    if not form.is_valid():
        raise form_invalid(form, FORM_NAMES)
    return Status(201, meal_out(form.save_meal()))


def meal_out(meal: Meal) -> dict:
    seats = list(meal.participants.all())

    def plain(value):
        return None if value is None else str(value)

    return {
        **{
            name: getattr(meal, name)
            for name in ("id", "date", "status", "restaurant", "restaurant_address")
        },
        "time": meal.time.strftime("%H:%M") if meal.time else None,
        **{name: getattr(meal, name) for name in ("currency", "business", "occasion", "paid_by")},
        "place": meal.place.as_json() if meal.place else None,
        "participants": [seat.name for seat in seats],
        "guests": [
            {"contact_id": seat.contact_id, "name": seat.name, "rating": seat.rating}
            for seat in seats
        ],
        "amount": plain(meal.amount),
        "tip": plain(meal.tip),
        "notes": meal.notes,
        "evening_id": meal.evening_id,
        "created_at": meal.created_at,
    }


class VersionOut(Schema):
    id: int = Field(description="The version's id, for its PDF: /meals/receipt-versions/{id}.")
    number: int = Field(description="1 for the first approval, then one more per change.")
    sha256: str = Field(description="The SHA-256 of the stored PDF, in hex.")
    language: str
    approved_by: str
    approved_at: dt.datetime
    replaces: int | None = Field(description="The number of the version it replaces.")
    size: int | None = Field(description="The PDF's size in bytes; null if missing.")


class LogEntryOut(Schema):
    action: str = Field(description="approved, changed, deleted or erased.")
    field: str = Field(description="The receipt field that changed, if one did.")
    old: str
    new: str
    who: str
    at: dt.datetime
    reason: str = Field(description="Why, for a deletion or an erasure.")


class ReceiptHistory(Schema):
    meal_id: int
    findings: list[str] = Field(
        description="What is missing or doubtful on the receipt now (empty once deleted)."
    )
    versions: list[VersionOut]
    log: list[LogEntryOut]


@router.post(
    "/{meal_id}/receipt/approve",
    response={201: ReceiptHistory, 409: Message, **REFUSALS, **NOT_FOUND},
    summary="Approve a meal's receipt",
    description="Seals the receipt PDF as it is now, with its SHA-256. Later changes to the "
    "meal's receipt fields seal new versions by themselves; 409 when the current version "
    "already shows the meal as it is.",
)
def approve_receipt(request: TokenRequest, meal_id: int = path_id("meal")):
    meal = Meal.objects.owned_by(request.auth).get_or_404(meal_id)
    try:
        sealing.approve(meal, request.auth)
    except NotABusinessMeal:
        raise invalid(
            ("path", "meal_id"), "A receipt is only made for business meals.", "private_meal"
        ) from None
    except (sealing.AlreadyApproved, sealing.ConcurrentChange) as exc:
        return Status(409, {"detail": str(exc)})
    return Status(201, history(request, meal.pk))


@router.get(
    "/{meal_id}/receipt",
    response={200: ReceiptHistory, **REFUSALS, **NOT_FOUND},
    summary="A meal's receipt: findings, versions and change log",
    description="Also for a deleted meal whose receipt was approved (by its former id).",
)
def receipt_history(request: TokenRequest, meal_id: int = path_id("meal")):
    return history(request, meal_id)


def history(request: TokenRequest, meal_number: int) -> dict:
    owner = request.auth
    meal = Meal.objects.owned_by(owner).filter(pk=meal_number).first()
    found = sealing.history_json(owner, meal_number)
    if meal is None and not (found["versions"] or found["log"]):
        raise Http404(f"No meal with id {meal_number}.")
    ids = dict(sealing.versions_of(owner, meal_number).values_list("number", "id"))
    for version in found["versions"]:
        version["id"] = ids[version["number"]]
    return {**found, "findings": receipt_findings(meal) if meal and meal.business else []}


@router.get(
    "/receipt-versions/{version_id}",
    response={200: None, **REFUSALS, **NOT_FOUND},
    summary="A sealed receipt version's PDF",
    description="The PDF exactly as stored when it was sealed (application/pdf).",
    openapi_extra={
        "responses": {
            200: {
                "description": "The PDF",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def receipt_version_pdf(request: TokenRequest, version_id: int = path_id("version")):
    version = ReceiptVersion.objects.owned_by(request.auth).get_or_404(version_id)
    try:
        pdf = sealing.sealed_pdf(version)
    except OSError:
        raise Http404("The receipt's file is missing.") from None
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"bewirtungsbeleg-{version.meal_number}-v{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.delete(
    "/{meal_id}",
    response={204: None, **REFUSALS, **NOT_FOUND},
    summary="Delete a meal",
    description="With its guests and the photo of its bill. A meal whose receipt was approved "
    "needs a reason (422 without): it stays in the change log with the sealed versions.",
)
def remove_meal(
    request: TokenRequest,
    meal_id: int = path_id("meal"),
    reason: str = Query("", max_length=1000, description="Why: required once approved."),
):
    meal = Meal.objects.owned_by(request.auth).get_or_404(meal_id)
    try:
        delete_meal(meal, reason)
    except sealing.ReasonRequired as exc:
        raise invalid(("query", "reason"), str(exc), "missing") from None
    return Status(204, None)
