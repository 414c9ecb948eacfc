"""/trips: where you will be, with how many people you know nearby."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from tafelrunde.api.auth import TokenRequest
from tafelrunde.api.errors import NOT_FOUND, REFUSALS, form_invalid
from tafelrunde.api.fields import Day, Page, path_id, text
from tafelrunde.api.places import PlaceOut
from tafelrunde.owned import Owner
from tafelrunde.tonight.call_list import ranked_call_list
from tafelrunde.travel.forms import TripForm
from tafelrunde.travel.models import Trip

router = Router(tags=["trips"])


class TripIn(Schema):
    model_config = ConfigDict(extra="forbid")

    place: str = text(200, min_length=1, description='A city, e.g. "München" or "Lisbon".')
    start: Day = Field(description="The first evening.")
    end: Day = Field(description="The last evening (inclusive).")
    hotel: str = text(200, default="")
    title: str = text(200, default="")
    notes: str = text(10_000, default="")


class TripOut(Schema):
    id: int
    place: PlaceOut
    start: dt.date
    end: dt.date
    hotel: str
    title: str
    notes: str
    candidate_count: int = Field(
        description="People to call nearby: tonight while the trip is on, else its first evening."
    )


class TripPage(Schema):
    count: int
    items: list[TripOut]


@router.get(
    "",
    response={200: TripPage, **REFUSALS},
    summary="List trips",
    description="Upcoming trips (those not over yet), soonest first; with all=true past ones too.",
)
def list_trips(
    request: TokenRequest,
    all: bool = Query(False, description="Past trips too, as with `trips --all`."),
    limit: int = Page.LIMIT,
    offset: int = Page.OFFSET,
):
    trips = Trip.objects.owned_by(request.auth).select_related("place").order_by("start", "id")
    if not all:
        trips = trips.upcoming(timezone.localdate())
    return {
        "count": trips.count(),
        "items": [trip_out(request.auth, trip) for trip in trips[offset : offset + limit]],
    }


@router.get(
    "/{trip_id}",
    response={200: TripOut, **REFUSALS, **NOT_FOUND},
    summary="Get a trip",
)
def get_trip(request: TokenRequest, trip_id: int = path_id("trip")):
    return trip_out(request.auth, Trip.objects.owned_by(request.auth).get_or_404(trip_id))


@router.post(
    "",
    response={201: TripOut, **REFUSALS},
    summary="Add a trip",
)
def create_trip(request: TokenRequest, payload: TripIn):
    form = TripForm({**payload.model_dump(), "start": payload.start, "end": payload.end})
    if not form.is_valid():
        raise form_invalid(form)
    return Status(201, trip_out(request.auth, form.save_for(request.auth)))


@router.delete(
    "/{trip_id}",
    response={204: None, **REFUSALS, **NOT_FOUND},
    summary="Delete a trip",
)
def delete_trip(request: TokenRequest, trip_id: int = path_id("trip")):
    Trip.objects.owned_by(request.auth).get_or_404(trip_id).delete()
    return Status(204, None)


def trip_out(owner: Owner, trip: Trip) -> dict:
    """The trip with its candidate count, counted as `tafelrunde trips` counts it."""
    today = timezone.localdate()
    day = today if trip.start <= today <= trip.end else trip.start
    ranked = ranked_call_list(owner, trip.place, day, limit=1)
    return {
        **{name: getattr(trip, name) for name in ("id", "start", "end", "hotel", "title", "notes")},
        "place": trip.place.as_json(),
        "candidate_count": ranked.total,
    }
