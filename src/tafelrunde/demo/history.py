"""The demo's past: trip evenings with their call rounds, meals, notes and follow-ups.

The call rounds follow the practice the product serves: usually the second or third call
finds someone; a "no" is no reason to stop.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tafelrunde.core.geo import haversine_km
from tafelrunde.demo.contacts import BUSINESS_KINDS, Draft
from tafelrunde.demo.itinerary import RESTAURANTS
from tafelrunde.demo.notes import (
    ATTEMPT_NOTES,
    BUSINESS_OCCASIONS,
    FAIRS,
    FOLLOW_UPS,
    MEAL_NOTES,
    PRIVATE_OCCASIONS,
)
from tafelrunde.demo.people import weighted
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.meals.models import FollowUp, Meal, MealParticipant, Note
from tafelrunde.network.models import Contact, Kind, Place
from tafelrunde.network.places import find_place
from tafelrunde.travel.models import Trip

if TYPE_CHECKING:
    from tafelrunde.owned import Owner

RADIUS_KM = 50
FAILED = (
    (Attempt.Outcome.DECLINED, 45),
    (Attempt.Outcome.NO_ANSWER, 35),
    (Attempt.Outcome.AWAY, 10),
    (Attempt.Outcome.CALL_BACK, 10),
)
CHANNELS = (
    (Attempt.Channel.CALL, 70),
    (Attempt.Channel.WHATSAPP, 15),
    (Attempt.Channel.SMS, 10),
    (Attempt.Channel.EMAIL, 5),
)


@dataclass
class Candidate:
    contact: Contact
    km: float
    score: float
    has_mobile: bool


@dataclass
class History:
    """What the history needs to know, and the rows it collects for a few bulk inserts."""

    owner: Owner
    rng: random.Random
    today: dt.date
    drafts: list[Draft]
    cities: dict[int, str]  # place id -> the city as the host writes it ("München")
    attempts: list[Attempt] = field(default_factory=list)
    participants: list[MealParticipant] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)

    def save(self) -> None:
        Attempt.objects.bulk_create(self.attempts)
        MealParticipant.objects.bulk_create(self.participants)
        Note.objects.bulk_create(self.notes)
        FollowUp.objects.bulk_create(self.follow_ups)


def cities_by_place() -> dict[int, str]:
    """The host's spelling of each city he travels to, by the gazetteer's place for it."""
    by_place: dict[int, str] = {}
    for city in RESTAURANTS:
        place = find_place(city)
        if place is not None:
            by_place.setdefault(place.pk, city)
    return by_place


def local_time(place: Place, day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(place.timezone))


def build_evenings(h: History, trips: list[Trip], reserved: set[int]) -> None:
    """An evening for (almost) every past trip night; the night before today always finds
    company. `reserved` contacts are kept out of the current trip's evenings."""
    yesterday = h.today - dt.timedelta(days=1)
    for trip in trips:
        day = trip.start
        while day <= trip.end and day < h.today:
            if day == yesterday or h.rng.random() > 0.08:  # some dinners were fixed long before
                skip = reserved if trip.end >= h.today else set()
                build_evening(h, trip, day, must_succeed=day == yesterday, skip=skip)
            day += dt.timedelta(days=1)


def build_evening(h: History, trip: Trip, day: dt.date, must_succeed: bool, skip: set[int]) -> None:
    """One call round: a few "no"s, then (usually) a yes and a dinner."""
    met = {p.contact_id for p in h.participants if p.meal.date >= trip.start}
    candidates = [c for c in candidates_near(h, trip.place, day) if c.contact.pk not in met | skip]
    evening = Evening.objects.create(
        owner=h.owner, date=day, place=trip.place, trip=trip, shown=shown_list(candidates[:8])
    )
    if not candidates:
        return
    success = must_succeed or h.rng.random() < 0.88
    failures = weighted(
        h.rng, ((0, 25), (1, 35), (2, 25), (3, 10)) if success else ((2, 1), (3, 1))
    )
    tried = candidates[: failures + success]
    at = local_time(trip.place, day, 16, h.rng.randint(30, 59))
    for number, cand in enumerate(tried):
        accepted = success and number == len(tried) - 1
        outcome = Attempt.Outcome.ACCEPTED if accepted else weighted(h.rng, FAILED)
        channel = weighted(h.rng, CHANNELS) if cand.has_mobile else Attempt.Channel.CALL
        note = h.rng.choice(ATTEMPT_NOTES.get(outcome, ("",))) if h.rng.random() < 0.3 else ""
        h.attempts.append(
            Attempt(
                owner=h.owner,
                evening=evening,
                contact=cand.contact,
                channel=channel,
                outcome=outcome,
                at=at,
                note=note,
            )
        )
        at += dt.timedelta(minutes=h.rng.randint(4, 25))
    if success:
        guests = [tried[-1].contact, *second_guest(h, tried[-1], candidates[len(tried) :])]
        meal = build_meal(h, trip.place, day, guests, evening)
        add_guests(h, meal, guests)
        add_afterthoughts(h, meal, guests[0])


def candidates_near(h: History, place: Place, day: dt.date) -> list[Candidate]:
    """Whom the host would have called that evening, best first (a rough, seeded ranking)."""
    found = []
    for draft in h.drafts:
        c = draft.contact
        if (
            c.latitude is None
            or c.longitude is None
            or c.do_not_invite
            or (draft.story and draft.story.lost)
        ):
            continue
        if c.known_since and c.known_since > day - dt.timedelta(days=30):
            continue
        km = haversine_km(place.latitude, place.longitude, c.latitude, c.longitude)
        if km <= RADIUS_KM:
            score = c.importance * 2 + h.rng.random() * 4 - km / 25
            found.append(Candidate(c, km, round(score, 2), draft.has_mobile))
    return sorted(found, key=lambda cand: -cand.score)


def shown_list(candidates: list[Candidate]) -> list[dict]:
    """The list as the app showed it that evening: id, score and readable reasons."""
    labels = dict(Kind.choices)
    shown = []
    for cand in candidates:
        c = cand.contact
        reasons = [f"{cand.km:.0f} km away" if cand.km >= 1 else "same city"]
        reasons.append(f"{labels.get(c.kinds[0], c.kinds[0])}, importance {c.importance}")
        if c.known_since:
            reasons.append(f"known since {c.known_since.year}")
        shown.append(
            {"contact_id": c.pk, "score": cand.score, "reasons": [str(r) for r in reasons]}
        )
    return shown


def second_guest(h: History, guest: Candidate, rest: list[Candidate]) -> list[Contact]:
    """Sometimes the guest brings a colleague from the same company."""
    org = guest.contact.organisation
    same = [c.contact for c in rest if org and c.contact.organisation == org]
    if same and h.rng.random() < 0.7:
        return [same[0]]
    if rest and h.rng.random() < 0.15:
        return [rest[0].contact]
    return []


def build_meal(h: History, place: Place, day: dt.date, guests: list[Contact], evening) -> Meal:
    """A held meal the host paid for, with an occasion a tax office accepts."""
    first, rng = guests[0], h.rng
    business = bool(BUSINESS_KINDS & set(first.kinds)) or Kind.COLLEAGUE in first.kinds
    city = h.cities.get(place.pk, place.name)
    fallback = ((f"Ratskeller {city}", f"Marktplatz 1, {city}"),)
    name, address = rng.choice(RESTAURANTS.get(city, fallback))
    amount = Decimal(str(rng.uniform(38, 85) * (len(guests) + 1))).quantize(Decimal("0.01"))
    amount = min(max(amount, Decimal("60.00")), Decimal("250.00"))
    total = ((amount * Decimal("1.08")) / 5).quantize(Decimal("1"), ROUND_HALF_UP) * 5
    private_split = not business and rng.random() < 0.25
    return Meal.objects.create(
        owner=h.owner,
        date=day,
        time=dt.time(rng.choice((19, 19, 20)), rng.choice((0, 30))),
        restaurant=name,
        restaurant_address=address,
        place=place,
        occasion=make_occasion(rng, first, city, day, business),
        business=business,
        amount=amount,
        tip=max(total - amount, Decimal("3.00")),
        currency="CHF" if place.country == "CH" else "EUR",
        paid_by=Meal.PaidBy.SPLIT if private_split else Meal.PaidBy.HOST,
        evening=evening,
    )


def make_occasion(
    rng: random.Random, guest: Contact, city: str, day: dt.date, business: bool
) -> str:
    """What the meal was for, specific enough for a Bewirtungsbeleg."""
    if not business:
        return rng.choice(PRIVATE_OCCASIONS).format(given=guest.given_name)
    kind = next((k for k in guest.kinds if k in BUSINESS_OCCASIONS), "customer")
    return rng.choice(BUSINESS_OCCASIONS[kind]).format(
        org=guest.organisation or guest.full_name,
        year=day.year,
        next_year=day.year + 1,
        batch=f"{day.year % 100}-{rng.randint(1000, 9999)}",
        series=f"NF-{rng.choice(('200', '350', '500'))}",
        fair=rng.choice(FAIRS),
        city=city,
        name=guest.full_name,
    )


def add_guests(h: History, meal: Meal, guests: list[Contact], warm: bool = False) -> None:
    """Seat the guests, each with how warm the evening was."""
    for guest in guests:
        rating = 5 if warm else weighted(h.rng, ((2, 1), (3, 3), (4, 5), (5, 3)))
        h.participants.append(
            MealParticipant(
                owner_id=meal.owner_id,
                meal=meal,
                contact=guest,
                name=guest.full_name,
                rating=rating,
            )
        )


def add_afterthoughts(h: History, meal: Meal, guest: Contact) -> None:
    """What the host wrote down afterwards: a note, sometimes a follow-up."""
    assert meal.place is not None  # build_meal gives every meal its place
    evening_end = local_time(meal.place, meal.date, 23, 10)
    if h.rng.random() < 0.5:
        h.notes.append(
            Note(
                owner=h.owner,
                contact=guest,
                kind=Note.Kind.NOTE,
                meal=meal,
                text=h.rng.choice(MEAL_NOTES),
                created_at=evening_end,
            )
        )
    if h.rng.random() < 0.4:
        due = meal.date + dt.timedelta(days=h.rng.randint(7, 28))
        # Mostly done; what is still open is at most a few months overdue.
        overdue = (h.today - due).days
        done = overdue > 120 or (overdue > 3 and h.rng.random() < 0.8)
        h.follow_ups.append(
            FollowUp(
                owner=h.owner,
                contact=guest,
                meal=meal,
                due=due,
                text=h.rng.choice(FOLLOW_UPS).format(given=guest.given_name),
                done_at=local_time(meal.place, due, 9, 15) if done else None,
                created_at=evening_end,
            )
        )
