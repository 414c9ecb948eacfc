"""/tonight and /attempts: whom to call, best first, and how each call went.

The list and the log are the ones the Tonight page and `tafelrunde tonight` / `attempt`
show and write (tafelrunde.tonight.call_list), in the JSON those commands print.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Literal

from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from tafelrunde.accounts.models import profile_for
from tafelrunde.api.auth import TokenRequest
from tafelrunde.api.errors import REFUSALS, invalid
from tafelrunde.api.fields import MAX_ID, NO_NUL, Day, Page, RowId, text
from tafelrunde.api.places import PlaceOut, place_named
from tafelrunde.evenings.evening import EveningElsewhereError, NoTripError, evening_place
from tafelrunde.evenings.invitations import Host
from tafelrunde.evenings.models import Attempt
from tafelrunde.network.models import Contact
from tafelrunde.teams.colleagues import team_tonight
from tafelrunde.tonight.call_list import record_attempt_once

router = Router(tags=["tonight"])

# Computed from the model's choices at run time; to the type checker they are text.
if TYPE_CHECKING:
    OutcomeName = str
    ChannelName = str
else:
    OutcomeName = Literal[tuple(Attempt.Outcome.values)]
    ChannelName = Literal[tuple(Attempt.Channel.values)]

HALF_WAY_ROUND_THE_EARTH_KM = 20_038
EVENING = Query(None, description="The evening (default: today).")
ONLY_EVENING = Query(None, description="Only the evening of this date.")


class LocationOut(Schema):
    name: str
    country: str
    source: str = Field(description='How it was found: "address", "phone", "meal", "manual".')
    confidence: float | None = Field(description="0 to 1: how well the hints agree.")
    approximate: bool = Field(description="The hints disagree or say little: shown as such.")


class CandidateOut(Schema):
    contact_id: int
    name: str
    organisation: str
    distance_km: float
    score: float
    reasons: list[str] = Field(description="Why they rank where they do, heaviest first.")
    phones: list[str]
    local_time: dt.datetime = Field(description="Now, in the contact's time zone.")
    tried_tonight: str = Field(description='"" or how the latest try tonight went.')
    last_note: str
    invitation: str = Field(
        description="The ready invitation, in their language and form of address (du/Sie): "
        "the text the Tonight page's SMS, WhatsApp and e-mail links carry."
    )
    location: LocationOut | None = Field(description="Where they are, and how sure that is.")
    colleague_note: str | None = Field(
        None,
        description='Only when a teammate met or invited them lately: "Bert dined with him on '
        '28 Nov". They rank lower, as after a recent no.',
    )


class KnownByOut(Schema):
    colleague: str
    since: dt.date | None
    last_seen: dt.date | None
    times_met: int


class IntroductionOut(Schema):
    """Someone near whom colleagues know and you do not: only what they share."""

    contact_id: int = Field(description="The colleague's record of them.")
    name: str
    organisation: str
    place: PlaceOut | None
    known_by: list[KnownByOut] = Field(description="Who in your teams knows them.")
    phones: list[str] | None = Field(
        None, description="Only when the colleague shares phone numbers; absent otherwise."
    )
    distance_km: float
    score: float
    reasons: list[str]
    introducer: str = Field(description="The colleague to ask for an introduction.")
    introducer_email: str
    introduction: str = Field(description="A ready message to the introducer.")
    colleague_note: str | None = Field(
        None, description="A teammate's recent dinner or invitation."
    )


class ColleagueHereOut(Schema):
    colleague: str
    place: PlaceOut
    start: dt.date
    end: dt.date


class TonightOut(Schema):
    place: PlaceOut
    date: dt.date
    candidates: list[CandidateOut] = Field(description="Best first.")
    through_colleagues: list[IntroductionOut] = Field(
        description="People near whom colleagues share and you do not know, best first "
        "(empty outside a team)."
    )
    colleagues_here: list[ColleagueHereOut] = Field(
        description="Colleagues who share their trips and are near on that evening."
    )


class AttemptIn(Schema):
    model_config = ConfigDict(extra="forbid")

    contact_id: RowId
    outcome: OutcomeName
    date: Day | None = Field(None, description="The evening (default: today).")
    place: str | None = text(
        200, default=None, description="Where, if no trip includes that evening."
    )
    channel: ChannelName = "call"
    note: str = text(500, default="")
    client_id: uuid.UUID | None = Field(
        None,
        description="An id the client made for this tap: sent again, the attempt recorded "
        "the first time is answered (200) and nothing is recorded twice.",
    )


class AttemptOut(Schema):
    id: int
    contact_id: int
    contact: str = Field(description="The contact's name.")
    evening_id: int
    date: dt.date
    place: str
    outcome: str
    channel: str
    at: dt.datetime
    note: str
    client_id: uuid.UUID | None = Field(description="The id the client made, if any.")


class AttemptPage(Schema):
    count: int
    items: list[AttemptOut]


@router.get(
    "/tonight",
    response={200: TonightOut, **REFUSALS},
    exclude_unset=True,  # "colleague_note" and shared "phones" only when there are some
    summary="Whom to call tonight",
    description="The ranked call list near a place for an evening, as `tafelrunde tonight "
    "--json` prints it. Without a place: the place of that evening's trip.",
)
def tonight(
    request: TokenRequest,
    place: str = Query(
        "", max_length=200, pattern=NO_NUL, description='Where, e.g. "München" or "Munich".'
    ),
    date: Day | None = EVENING,
    radius: float = Query(50, gt=0, le=HALF_WAY_ROUND_THE_EARTH_KM, description="In km."),
    limit: int = Query(10, ge=1, le=500, description="How many people at most."),
):
    day = date or timezone.localdate()
    if place.strip():
        where = place_named(place, ("query", "place"))
    else:
        found = evening_place(request.auth, day)
        if found is None:
            raise invalid(("query", "place"), no_trip(day), "no_trip")
        where = found
    tonight = team_tonight(request.auth, where, day, radius_km=radius, limit=limit)
    host = Host.of(profile_for(request.auth))
    return {
        "place": where.as_json(),
        "date": day,
        "candidates": [
            c.as_json(host.invitation(c.contact, where)) for c in tonight.own.candidates
        ],
        "through_colleagues": [intro.as_json() for intro in tonight.through_colleagues],
        "colleagues_here": [here.as_json() for here in tonight.colleagues_here],
    }


@router.get(
    "/attempts",
    response={200: AttemptPage, **REFUSALS},
    summary="List calls",
    description="Calls and messages tried, oldest first; by evening and by contact.",
)
def list_attempts(
    request: TokenRequest,
    date: Day | None = ONLY_EVENING,
    contact_id: int | None = Query(None, ge=1, le=MAX_ID, description="Only this contact."),
    limit: int = Page.LIMIT,
    offset: int = Page.OFFSET,
):
    attempts = Attempt.objects.owned_by(request.auth).order_by("at", "id")
    if date is not None:
        attempts = attempts.filter(evening__date=date)
    if contact_id is not None:
        attempts = attempts.filter(contact_id=contact_id)
    page = attempts.select_related("evening__place", "contact")[offset : offset + limit]
    return {"count": attempts.count(), "items": [attempt.as_json() for attempt in page]}


@router.post(
    "/attempts",
    response={201: AttemptOut, 200: AttemptOut, **REFUSALS},
    summary="Log a call",
    description="As `tafelrunde attempt`: on the evening of that date, which is begun when "
    "needed, at its trip's place or the place given. A place other than that of an evening "
    "already begun that date is refused (422). A `client_id` sent before answers the "
    "attempt recorded then (200).",
)
def create_attempt(request: TokenRequest, payload: AttemptIn):
    owner = request.auth
    contact = Contact.objects.owned_by(owner).filter(pk=payload.contact_id).first()
    if contact is None:
        raise invalid(
            ("body", "contact_id"), f"You have no contact #{payload.contact_id}.", "unknown_contact"
        )
    day = payload.date or timezone.localdate()
    given = (payload.place or "").strip()
    place = place_named(given, ("body", "place")) if given else None
    try:
        attempt, created = record_attempt_once(
            owner,
            contact,
            payload.outcome,
            client_id=payload.client_id,
            day=day,
            place=place,
            channel=payload.channel,
            note=payload.note,
        )
    except NoTripError:
        raise invalid(("body", "place"), no_trip(day), "no_trip") from None
    except EveningElsewhereError as exc:
        raise invalid(("body", "place"), str(exc), "evening_elsewhere") from None
    return Status(201 if created else 200, attempt.as_json())


def no_trip(day: dt.date) -> str:
    return f"No trip includes {day:%Y-%m-%d}: name a place."
