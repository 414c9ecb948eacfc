"""Tonight's call list from the database, and the attempts it leads to.

The rules and weights are in tafelrunde.core.ranking, and who is off a date's list is decided
in tafelrunde.tonight.history. This module gathers the signals with a fixed number of
queries, whatever the size of the network: one indexed box query for the candidates, their
history by their ids, their places' time zones; then, after one pass of scoring that keeps
the best in a heap, the best ones' contacts, phones, notes and follow-ups.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import CharField, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext

from tafelrunde.core.geo import distances_km
from tafelrunde.core.ranking import DEFAULT_REST_DAYS, Ranking, Signals
from tafelrunde.evenings.evening import evening_for
from tafelrunde.evenings.models import Attempt
from tafelrunde.meals.models import FollowUp, Note
from tafelrunde.network.models import Contact, Place
from tafelrunde.owned import Owner
from tafelrunde.tonight.candidates import contacts_in_box
from tafelrunde.tonight.history import NO_HISTORY, evening_history, iso_date
from tafelrunde.tonight.sql import rows, select

Outcome, Channel = Attempt.Outcome, Attempt.Channel
COLUMNS = ("id", "latitude", "longitude", "place_id", "importance")
PLACE_ZONES = (
    f"SELECT p.id, p.timezone FROM {{ids}} JOIN {Place._meta.db_table} p ON p.id = ids.value"
)
# Each contact's latest note and open follow-up (by contact only: the ids are the owner's,
# and notes always share their contact's owner).
LAST_NOTES = f"""
SELECT n.contact_id, n.created_at, n.id, n.text
FROM {{ids}} JOIN {Note._meta.db_table} n ON n.contact_id = ids.value
UNION ALL
SELECT f.contact_id, f.created_at, f.id, f.text
FROM {{ids}} JOIN {FollowUp._meta.db_table} f ON f.contact_id = ids.value
WHERE f.done_at IS NULL
"""


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
    colleague_note: str = ""  # a teammate met or invited them lately (tafelrunde.teams)
    hour_in_reasons: bool = False  # a reason says their time ("it is 23:10 there")

    def as_json(self, invitation: str) -> dict[str, object]:
        """The candidate as `tonight --json` and the API give it, with the invitation text."""
        contact = self.contact
        data = {
            "contact_id": contact.pk,
            "name": contact.full_name,
            "organisation": contact.organisation,
            "distance_km": round(self.distance_km, 1),
            "score": round(self.score, 2),
            "reasons": self.reasons,
            "phones": [phone.number for phone in contact.phones.all()],
            "local_time": self.local_time.isoformat(timespec="seconds"),
            "tried_tonight": self.tried_tonight,
            "last_note": self.last_note,
            "invitation": invitation,
            "location": contact.location_json(),
        }
        if self.colleague_note:  # only on a team member's list, and only when a teammate did
            data["colleague_note"] = self.colleague_note
        return data


# Contact ids within the radius -> a teammate's recent dinner or invitation with them, in words.
ColleagueNotes = Callable[[list[int]], dict[int, str]]


@dataclass
class CallList:
    """The best candidates, and how many there were in all."""

    candidates: list[Candidate]
    total: int


def rest_days() -> int:
    """How many days someone who said no is left in peace (TAFELRUNDE_REST_DAYS, default 14)."""
    return getattr(settings, "TAFELRUNDE_REST_DAYS", DEFAULT_REST_DAYS)


def call_list(
    owner: Owner,
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
    owner: Owner,
    place: Place,
    day: dt.date,
    *,
    radius_km: float = 50,
    limit: int = 10,
    now: dt.datetime | None = None,
    colleague_notes: ColleagueNotes | None = None,
) -> CallList:
    """As call_list, with the number of all candidates within the radius.

    `colleague_notes`, given the ids of everyone within the radius, says which of them a
    teammate met or invited lately, in words (tafelrunde.teams gives it): they rank lower.
    """
    now = now or timezone.now()
    near = _within(_box(owner, place, radius_km), place, radius_km)
    ids = [row[0] for row, _km in near]
    history = evening_history(owner, day, ids)
    notes = colleague_notes(ids) if colleague_notes and ids else {}
    today = now.astimezone(_zone(place.timezone)).date() == day
    clocks = _Clocks(now, today, place.timezone, _time_zones(near))
    ranking = Ranking(day, rest_days(), gettext=gettext)  # reasons in the reader's language
    best, total = _best(near, place, limit, history, ranking, clocks, notes)
    return CallList(_candidates(owner, best, ranking, clocks, now), total)


def _box(owner: Owner, place: Place, radius_km: float) -> list[tuple]:
    """(id, latitude, longitude, place id, importance, kinds, known since) of the contacts
    in the bounding box of the radius: the indexed query, as the database gives it.

    Kinds and dates come as text, decoded once per distinct value (most contacts share a
    handful): Django's per-row converters would cost more than the query itself.
    """
    kinds, known_since = Cast("kinds", TextField()), Cast("known_since", CharField())
    box = contacts_in_box(owner, place, radius_km).values_list(*COLUMNS, kinds, known_since)
    return rows(box.order_by())


def _within(box: list[tuple], place: Place, radius_km: float) -> list[tuple[tuple, float]]:
    """(row, km) of the rows of the box within the radius: the corners of the box are out."""
    distances = distances_km(place.latitude, place.longitude, ((row[1], row[2]) for row in box))
    return [(row, km) for row, km in zip(box, distances, strict=True) if km <= radius_km]


def _time_zones(near: list[tuple[tuple, float]]) -> dict[int, str]:
    """Place id -> time zone name, for the places the candidates live in (a handful)."""
    places = {row[3] for row, _km in near if row[3] is not None}
    return dict(select(Place, PLACE_ZONES, {}, places)) if places else {}


def _best(near: list[tuple[tuple, float]], place: Place, limit, history, ranking, clocks, notes):
    """The `limit` best (score, -km, -id, place id, signals), best first, and how many
    candidates there were: one pass, keeping only the best in a heap."""
    here, score = place.pk, ranking.score_of
    best: list[tuple] = []
    total = 0
    for (pk, _lat, _lon, place_id, importance, kinds_text, date_text), km in near:
        past = history.get(pk, NO_HISTORY)
        if past is None:
            continue
        # In the order of Signals' fields; a Signals is only made for the best.
        signals = (
            km, place_id == here, kinds_of(kinds_text), importance, iso_date(date_text),
            *past[:4], clocks[place_id][1], past[4], notes.get(pk, ""),
        )  # fmt: skip
        total += 1
        points = score(*signals)
        if len(best) < limit:
            heapq.heappush(best, (points, -km, -pk, place_id, signals))
        elif best and points >= best[0][0]:  # ties go to the nearer, then the older contact
            heapq.heappushpop(best, (points, -km, -pk, place_id, signals))
    ranked = sorted(best, reverse=True)
    return [(*row[:4], Signals(*row[4])) for row in ranked], total


@functools.lru_cache(maxsize=1024)  # a network has a handful of distinct lists of kinds
@functools.lru_cache(maxsize=1024)
def kinds_of(text: str | None) -> tuple[str, ...]:
    """A contact's kinds from the text of its JSON column, as a query gives it (a few
    texts recur across thousands of rows: each is decoded once)."""
    try:
        value = json.loads(text) if text else []
    except ValueError:
        return ()
    return tuple(str(kind) for kind in value) if isinstance(value, list) else ()


class _Clocks(dict):
    """Place id -> (its zone, its clock now if the list is for today, else None)."""

    def __init__(self, now: dt.datetime, today: bool, fallback: str, zones: dict[int, str]):
        super().__init__()
        self.now, self.today, self.fallback, self.zones = now, today, fallback, zones
        self.by_name: dict[str, tuple] = {}

    def __missing__(self, place_id: int | None):
        name = (
            self.zones.get(place_id) if place_id is not None else None
        ) or self.fallback  # no place (deleted): the evening's
        clock = self.by_name.get(name)
        if clock is None:
            zone = _zone(name)
            clock = (zone, self.now.astimezone(zone).time() if self.today else None)
            self.by_name[name] = clock
        self[place_id] = clock
        return clock


def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError):  # an unknown or malformed zone name
        return dt.UTC


def _candidates(
    owner: Owner, best: list, ranking: Ranking, clocks: _Clocks, now
) -> list[Candidate]:
    """The top rows as Candidates: contacts with phones, reasons, clocks and the last note."""
    ids = [-minus_pk for _points, _minus_km, minus_pk, _place_id, _signals in best]
    contacts = (
        Contact.objects.owned_by(owner)
        .filter(id__in=ids)
        .order_by()
        .select_related("place")
        .prefetch_related("phones")
    )
    by_id = {contact.pk: contact for contact in contacts}
    notes = _last_notes(ids)
    result = []
    for pk, (_points, _minus_km, _minus_pk, place_id, signals) in zip(ids, best, strict=True):
        if pk not in by_id:  # deleted a moment ago, on another device
            continue
        score, reasons = ranking.explain(signals)
        result.append(
            Candidate(
                contact=by_id[pk],
                distance_km=signals.distance_km,
                score=score,
                reasons=reasons,
                local_time=now.astimezone(clocks[place_id][0]),
                last_note=notes.get(pk, ""),
                tried_tonight=signals.tried_tonight,
                colleague_note=signals.colleague_note,
                hour_in_reasons=ranking.says_the_hour(signals),
            )
        )
    return result


def _last_notes(ids: list[int]) -> dict[int, str]:
    """Each contact's latest note or open follow-up, whichever is newer."""
    latest: dict[int, tuple] = {}
    for contact_id, created_at, pk, text in select(Note, LAST_NOTES, {}, ids) if ids else ():
        if contact_id not in latest or (created_at, pk) > latest[contact_id][:2]:
            latest[contact_id] = (created_at, pk, text)
    return {contact_id: text for contact_id, (_at, _pk, text) in latest.items()}


def record_attempt(
    owner: Owner,
    contact: Contact,
    outcome: str,
    *,
    day: dt.date,
    place: Place | None = None,
    channel: str = Channel.CALL,
    at: dt.datetime | None = None,
    note: str = "",
    client_id: uuid.UUID | None = None,
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
            client_id=client_id,
        )


def record_attempt_once(
    owner: Owner, contact: Contact, outcome: str, *, client_id: uuid.UUID | None, **details
) -> tuple[Attempt, bool]:
    """record_attempt, once per id the phone made for the tap: a tap sent again (the
    connection dropped before the answer came) gives the attempt recorded the first
    time. Returns the attempt and whether it is new."""
    if client_id is not None:
        found = Attempt.objects.owned_by(owner).filter(client_id=client_id).first()
        if found is not None:
            return found, False
    try:
        with transaction.atomic():  # a savepoint: the race's loser reads the winner's row
            return record_attempt(owner, contact, outcome, client_id=client_id, **details), True
    except IntegrityError:
        found = Attempt.objects.owned_by(owner).filter(client_id=client_id).first()
        if client_id is None or found is None:
            raise
        return found, False


def shown_row(candidate: Candidate) -> dict:
    """A candidate as Evening.shown keeps it."""
    return {
        "contact_id": candidate.contact.pk,
        "score": round(candidate.score, 2),
        "reasons": candidate.reasons,
    }
