"""Tonight's call list from the database, and the evenings and attempts it leads to.

The rules and weights are in tafelrunde.core.ranking; this module gathers the signals with
a fixed number of queries, whatever the size of the network: four aggregates over the owner's
history, one indexed box query for the candidates (scored in one pass, the best kept in a
heap), then the best ones' contacts, phones, notes and follow-ups.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import CharField, Count, Max, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext

from tafelrunde.core.geo import haversine_km
from tafelrunde.core.ranking import DEFAULT_REST_DAYS, Ranking, Signals
from tafelrunde.evenings.candidates import contacts_in_box
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.meals.models import FollowUp, MealParticipant, Note
from tafelrunde.network.models import Contact, Place
from tafelrunde.travel.models import Trip

Outcome, Channel = Attempt.Outcome, Attempt.Channel
# Tried tonight with one of these, a contact is off tonight's list.
OFF_TONIGHT = {Outcome.ACCEPTED, Outcome.DECLINED, Outcome.AWAY}
NO_HISTORY = (None, 0, 0, None, "")  # last met, asked, said yes, last declined, tried tonight
COLUMNS = ("id", "latitude", "longitude", "place_id", "place__timezone", "importance")


@dataclass
class Candidate:
    """One row of the call list."""

    contact: Contact  # with phones prefetched
    distance_km: float
    score: float
    reasons: list[str]
    local_time: dt.datetime  # now, in the time zone of the contact's place
    last_note: str  # the latest note or open follow-up, "" if none
    tried_tonight: str  # "" or the latest outcome of tonight's tries ("no-answer", "call-back")


class NoTripError(ValueError):
    """No place was named, and no trip includes the evening."""


@dataclass
class CallList:
    """The best candidates, and how many there were in all."""

    candidates: list[Candidate]
    total: int


def rest_days() -> int:
    """How many days someone who said no is left in peace (TAFELRUNDE_REST_DAYS, default 14)."""
    return getattr(settings, "TAFELRUNDE_REST_DAYS", DEFAULT_REST_DAYS)


def call_list(
    owner,
    place: Place,
    day: dt.date,
    *,
    radius_km: float = 50,
    limit: int = 10,
    now: dt.datetime | None = None,
) -> list[Candidate]:
    """Whom to call near `place` on the evening of `day`, best first, at most `limit`."""
    return ranked_call_list(owner, place, day, radius_km=radius_km, limit=limit, now=now).candidates


def ranked_call_list(
    owner,
    place: Place,
    day: dt.date,
    *,
    radius_km: float = 50,
    limit: int = 10,
    now: dt.datetime | None = None,
) -> CallList:
    """As call_list, with the number of all candidates within the radius."""
    now = now or timezone.now()
    history = _history(owner, day)
    today = now.astimezone(_zone(place.timezone)).date() == day
    clocks = _Clocks(now, today, place.timezone)
    ranking = Ranking(day, rest_days(), gettext=gettext)  # reasons in the reader's language
    best, total = _best(owner, place, radius_km, limit, history, ranking, clocks)
    return CallList(_candidates(owner, best, ranking, clocks, now), total)


def _best(owner, place: Place, radius_km: float, limit: int, history, ranking, clocks):
    """The `limit` best (score, -km, -id, time zone, signals), best first, and how many
    candidates there were: one pass over the candidates, keeping only the best in a heap."""
    # Kinds and dates come as text, decoded once per distinct value (most contacts share a
    # handful): Django's per-row converters would cost more than the query itself.
    kinds, known_since = Cast("kinds", TextField()), Cast("known_since", CharField())
    rows = (
        contacts_in_box(owner, place, radius_km)
        .values_list(*COLUMNS, kinds, known_since)
        .order_by()
    )
    lat, lon, here, score = place.latitude, place.longitude, place.pk, ranking.score
    best: list[tuple] = []
    total = 0
    for pk, c_lat, c_lon, place_id, zone, importance, kinds_text, date_text in rows:
        km = haversine_km(lat, lon, c_lat, c_lon)
        if km > radius_km:
            continue
        past = history.get(pk, NO_HISTORY)
        if past is None:
            continue
        met, asked, yes, declined, tried = past
        # Positional, in the order of Signals' fields: this loop runs for every candidate.
        signals = Signals(
            km, place_id == here, _kinds(kinds_text), importance, _date(date_text),
            met, asked, yes, declined, clocks[zone][1], tried,
        )  # fmt: skip
        total += 1
        points = score(signals)
        if len(best) < limit:
            heapq.heappush(best, (points, -km, -pk, zone, signals))
        elif best and points >= best[0][0]:  # ties go to the nearer, then the older contact
            heapq.heappushpop(best, (points, -km, -pk, zone, signals))
    return sorted(best, reverse=True), total


@functools.lru_cache(maxsize=1024)
def _kinds(text: str | None) -> tuple[str, ...]:
    value = json.loads(text) if text else []
    return tuple(str(kind) for kind in value) if isinstance(value, list) else ()


@functools.lru_cache(maxsize=4096)
def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


class _Clocks(dict):
    """Time zone name -> (zone, its clock now if the list is for today, else None)."""

    def __init__(self, now: dt.datetime, today: bool, fallback: str):
        super().__init__()
        self.now, self.today, self.fallback = now, today, fallback

    def __missing__(self, name: str | None):
        zone = _zone(name or self.fallback)  # no place (deleted): the evening's place
        self[name] = clock = (zone, self.now.astimezone(zone).time() if self.today else None)
        return clock


def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):  # an unknown or malformed zone name
        return dt.UTC


def _history(owner, day: dt.date) -> dict[int, tuple | None]:
    """Contact id -> (last met, asked, said yes, last declined, tried tonight), or None when
    the contact is off tonight's list; contacts without a past are left out. Four queries.

    All of the owner's history is read, not only the candidates': it is thousands of rows,
    never the network, and both databases aggregate it faster than they join it to the box.
    """
    answers = Attempt.objects.owned_by(owner).filter(
        evening__date__lt=day, outcome__in=[Outcome.ACCEPTED, Outcome.DECLINED]
    )
    earlier = answers.values_list("contact_id").annotate(
        asked=Count("id"),
        yes=Count("id", filter=Q(outcome=Outcome.ACCEPTED)),
        declined=_last("evening__date", Q(outcome=Outcome.DECLINED)),
        accepted=_last("evening__date", Q(outcome=Outcome.ACCEPTED)),
    )
    history = {
        pk: (_date(accepted), asked, yes, _date(declined), "")
        for pk, asked, yes, declined, accepted in earlier.order_by()
    }
    meals = MealParticipant.objects.owned_by(owner).filter(meal__date__lte=day)
    for pk, last in meals.values_list("contact_id").annotate(last=_last("meal__date")).order_by():
        met, *rest = history.get(pk, NO_HISTORY)
        history[pk] = (max(_date(last), met) if met else _date(last), *rest)
    trip = Trip.objects.owned_by(owner).including(day).order_by("start").first()
    if trip is not None:  # already met on this trip: off the list
        history.update({pk: None for pk, h in history.items() if h[0] and h[0] >= trip.start})
    tonight = Attempt.objects.owned_by(owner).filter(evening__date=day).order_by("at", "id")
    for pk, outcome in tonight.values_list("contact_id", "outcome"):
        past = history.get(pk, NO_HISTORY)
        off = past is None or outcome in OFF_TONIGHT
        history[pk] = None if off else (*past[:4], outcome)
    return history


def _last(field: str, condition: Q | None = None) -> Cast:
    """The latest date of `field` as text (decoded by _date, once per distinct date)."""
    return Cast(Max(field, filter=condition), CharField())


def _candidates(owner, best: list, ranking: Ranking, clocks: _Clocks, now) -> list[Candidate]:
    """The top rows as Candidates: contacts with phones, reasons, clocks and the last note."""
    ids = [-minus_pk for _points, _minus_km, minus_pk, _zone, _signals in best]
    contacts = (
        Contact.objects.owned_by(owner).filter(id__in=ids).order_by().prefetch_related("phones")
    )
    by_id = {contact.pk: contact for contact in contacts}
    notes = _last_notes(ids)
    result = []
    for pk, (_points, _minus_km, _minus_pk, zone, signals) in zip(ids, best, strict=True):
        if pk not in by_id:  # deleted a moment ago, on another device
            continue
        score, reasons = ranking.explain(signals)
        result.append(
            Candidate(
                contact=by_id[pk],
                distance_km=signals.distance_km,
                score=score,
                reasons=reasons,
                local_time=now.astimezone(clocks[zone][0]),
                last_note=notes.get(pk, ""),
                tried_tonight=signals.tried_tonight,
            )
        )
    return result


def _last_notes(ids: list[int]) -> dict[int, str]:
    """Each contact's latest note or open follow-up, whichever is newer."""
    # By contact only: the ids are the owner's, and notes always share their contact's owner
    # (an owner condition would lead SQLite to read all of the owner's notes).
    latest: dict[int, tuple] = {}
    notes = Note.objects.filter(contact_id__in=ids)
    open_follow_ups = FollowUp.objects.filter(contact_id__in=ids, done_at=None)
    for queryset in (notes, open_follow_ups):
        for contact_id, created_at, pk, text in queryset.values_list(
            "contact_id", "created_at", "id", "text"
        ).order_by():
            if contact_id not in latest or (created_at, pk) > latest[contact_id][:2]:
                latest[contact_id] = (created_at, pk, text)
    return {contact_id: text for contact_id, (_at, _pk, text) in latest.items()}


def evening_place(owner, day: dt.date) -> Place | None:
    """Where the evening of `day` is: its evening's place if one was begun, else its trip's.

    Read-only: looking at a list (the home page, a trip ahead) must not start an evening.
    """
    evening = Evening.objects.owned_by(owner).filter(date=day).select_related("place").first()
    if evening is not None:
        return evening.place
    trip = _trip_including(owner, day)
    return trip.place if trip else None


def _trip_including(owner, day: dt.date) -> Trip | None:
    trips = Trip.objects.owned_by(owner).including(day).select_related("place")
    return trips.order_by("start").first()


def evening_for(owner, day: dt.date, place: Place | None = None) -> Evening:
    """The owner's evening of `day`, created when needed at `place` or the trip's place."""
    evening = Evening.objects.owned_by(owner).filter(date=day).select_related("place").first()
    if evening is not None:
        return evening
    trip = _trip_including(owner, day)
    if place is None:
        if trip is None:
            raise NoTripError(f"No trip includes {day:%Y-%m-%d}: name a place.")
        place = trip.place
    try:
        with transaction.atomic():
            return Evening.objects.create(owner=owner, date=day, place=place, trip=trip)
    except IntegrityError:  # created meanwhile by another request
        return Evening.objects.owned_by(owner).select_related("place").get(date=day)


def record_attempt(
    owner,
    contact: Contact,
    outcome: str,
    *,
    day: dt.date,
    place: Place | None = None,
    channel: str = Channel.CALL,
    at: dt.datetime | None = None,
    note: str = "",
) -> Attempt:
    """Log one try on the evening of `day`; the first try keeps the list as it was shown."""
    if contact.owner_id != owner.pk:
        raise ValueError("That contact belongs to another account.")
    if outcome not in Outcome.values:
        raise ValueError(f"Unknown outcome {outcome!r}: one of {', '.join(Outcome.values)}.")
    if channel not in Channel.values:
        raise ValueError(f"Unknown channel {channel!r}: one of {', '.join(Channel.values)}.")
    at = at or timezone.now()
    with transaction.atomic():
        evening = evening_for(owner, day, place)
        if not evening.shown:
            shown = call_list(owner, evening.place, day, radius_km=evening.radius_km, now=at)
            evening.shown = [shown_row(candidate) for candidate in shown]
            evening.save(update_fields=["shown"])
        return Attempt.objects.create(
            owner=owner,
            evening=evening,
            contact=contact,
            outcome=outcome,
            channel=channel,
            at=at,
            note=note[:500],
        )


def shown_row(candidate: Candidate) -> dict:
    """A candidate as Evening.shown keeps it."""
    return {
        "contact_id": candidate.contact.pk,
        "score": round(candidate.score, 2),
        "reasons": candidate.reasons,
    }
