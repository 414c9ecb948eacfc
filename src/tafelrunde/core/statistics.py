"""Does the habit work? Every statistic, computed from plain rows without a database.

The definitions, in one place:

- A *dinner* is a held meal (planned ones do not count anywhere below).
- An evening *found company* when one of its attempts was accepted. *Calls per dinner* of such
  an evening are its attempts, in the order made, up to and including the first "yes".
- *Spend* is what the owner paid: the meal's total (amount + tip, core.meal_total) in full when
  the host paid, half of it when the bill was split, nothing when the guests paid; summed per
  currency, never converted. A meal whose amount is not noted yet counts in no spend.
- *Acceptance by kind* counts an attempt once for each of the contact's kinds (a contact
  without a kind counts as "other").
- A relationship is *renewed* at a dinner with someone whose previous dinner with the owner
  was 730 days (two years) or more before; a first dinner is a first meeting, not a renewal.
- *Warmth*: for each rated guest at a dinner, the average of that contact's ratings in the
  90 days before the dinner and in the 90 days after (the dinner's own day is on neither side);
  a guest counts only with ratings on both sides. The figures average over those dinners.
- *Dinners per trip*: dinners dated within a trip that has begun, over the trips that have
  begun — whether or not an evening was logged on them.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from tafelrunde.core.meal_total import meal_total

ACCEPTED = "accepted"
HELD = "held"
HOST_PAID, SPLIT = "host", "split"
NO_KIND = "other"
LOST_TOUCH_DAYS = 730
WARMTH_WINDOW_DAYS = 90
CENT = Decimal("0.01")


@dataclass(frozen=True)
class EveningRow:
    id: int
    date: dt.date
    trip_id: int | None = None


@dataclass(frozen=True)
class AttemptRow:
    evening_id: int
    contact_id: int
    outcome: str
    at: dt.datetime
    id: int = 0
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class MealRow:
    id: int
    date: dt.date
    status: str = HELD
    amount: Decimal | None = None
    tip: Decimal | None = None
    currency: str = "EUR"
    paid_by: str = HOST_PAID


@dataclass(frozen=True)
class GuestRow:
    meal_id: int
    contact_id: int | None
    name: str
    rating: int | None = None


@dataclass(frozen=True)
class TripRow:
    id: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class History:
    """Everything one owner has logged, as plain rows."""

    evenings: Sequence[EveningRow] = ()
    attempts: Sequence[AttemptRow] = ()
    meals: Sequence[MealRow] = ()
    guests: Sequence[GuestRow] = ()
    trips: Sequence[TripRow] = ()


@dataclass(frozen=True)
class KindAcceptance:
    asked: int
    accepted: int

    @property
    def rate(self) -> float:
        return self.accepted / self.asked


@dataclass(frozen=True)
class Renewal:
    contact_id: int
    name: str
    date: dt.date
    last_seen: dt.date

    @property
    def days_apart(self) -> int:
        return (self.date - self.last_seen).days


@dataclass(frozen=True)
class Warmth:
    before: float | None = None
    after: float | None = None
    contacts: int = 0
    dinners: int = 0


@dataclass(frozen=True)
class Statistics:
    dinners: int = 0
    evenings: int = 0
    evenings_with_company: int = 0
    attempts: int = 0
    accepted: int = 0
    acceptance_rate: float | None = None
    calls_per_dinner: dict[int, int] = field(default_factory=dict)  # calls → evenings
    median_calls_per_dinner: float | None = None
    spend: dict[str, Decimal] = field(default_factory=dict)
    dinners_per_month: list[tuple[str, int]] = field(default_factory=list)
    spend_per_month: list[tuple[str, str, Decimal]] = field(default_factory=list)
    trip_evenings_with_company: int = 0
    trip_evenings_alone: int = 0
    acceptance_by_kind: dict[str, KindAcceptance] = field(default_factory=dict)
    renewed: list[Renewal] = field(default_factory=list)
    warmth: Warmth = field(default_factory=Warmth)
    trips: int = 0
    dinners_on_trips: int = 0
    dinners_per_trip: float | None = None


def compute_statistics(history: History, today: dt.date) -> Statistics:
    """All figures for one owner's history as of `today` (months run up to today's)."""
    dinners = [meal for meal in history.meals if meal.status == HELD]
    calls = calls_to_find_company(history.attempts)
    accepted = sum(1 for attempt in history.attempts if attempt.outcome == ACCEPTED)
    on_trips = [evening for evening in history.evenings if evening.trip_id is not None]
    with_company_on_trips = sum(1 for evening in on_trips if evening.id in calls)
    months = month_range(dinners, today)
    trips, dinners_on_trips = trips_and_dinners(dinners, history.trips, today)
    return Statistics(
        dinners=len(dinners),
        evenings=len(history.evenings),
        evenings_with_company=len(calls),
        attempts=len(history.attempts),
        accepted=accepted,
        acceptance_rate=ratio(accepted, len(history.attempts)),
        calls_per_dinner=dict(sorted(Counter(calls.values()).items())),
        median_calls_per_dinner=float(stats.median(calls.values())) if calls else None,
        spend=spend_by_currency(dinners),
        dinners_per_month=dinners_per_month(dinners, months),
        spend_per_month=spend_per_month(dinners, months),
        trip_evenings_with_company=with_company_on_trips,
        trip_evenings_alone=len(on_trips) - with_company_on_trips,
        acceptance_by_kind=acceptance_by_kind(history.attempts),
        renewed=relationships_renewed(dinners, history.guests),
        warmth=warmth(dinners, history.guests),
        trips=trips,
        dinners_on_trips=dinners_on_trips,
        dinners_per_trip=ratio(dinners_on_trips, trips),
    )


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def calls_to_find_company(attempts: Iterable[AttemptRow]) -> dict[int, int]:
    """For each evening that found company: the attempts up to and including the first yes."""
    by_evening: dict[int, list[AttemptRow]] = defaultdict(list)
    for attempt in attempts:
        by_evening[attempt.evening_id].append(attempt)
    calls = {}
    for evening_id, tried in by_evening.items():
        outcomes = [attempt.outcome for attempt in sorted(tried, key=lambda a: (a.at, a.id))]
        if ACCEPTED in outcomes:
            calls[evening_id] = outcomes.index(ACCEPTED) + 1
    return calls


def owner_share(meal: MealRow) -> Decimal:
    """What the owner paid for a meal: all of its total, half when split, none otherwise."""
    total = meal_total(meal.amount, meal.tip) or Decimal(0)
    if meal.paid_by == HOST_PAID:
        return total
    return total / 2 if meal.paid_by == SPLIT else Decimal(0)


def _paid_for(dinners: Iterable[MealRow]) -> Iterable[MealRow]:
    return (
        meal
        for meal in dinners
        if meal.paid_by in (HOST_PAID, SPLIT) and meal_total(meal.amount, meal.tip) is not None
    )


def spend_by_currency(dinners: Iterable[MealRow]) -> dict[str, Decimal]:
    """The owner's spend per currency (only currencies they paid in), to the cent."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for meal in _paid_for(dinners):
        totals[meal.currency.upper()] += owner_share(meal)
    return {currency: to_cent(totals[currency]) for currency in sorted(totals)}


def to_cent(amount: Decimal) -> Decimal:
    """Commercial rounding: half a cent goes up."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_range(dinners: Sequence[MealRow], today: dt.date) -> list[str]:
    """Every month from the first dinner's to today's (or the last dinner's, if later)."""
    if not dinners:
        return []
    first = min(meal.date for meal in dinners)
    last = max(today, max(meal.date for meal in dinners))
    year, month, months = first.year, first.month, []
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def dinners_per_month(dinners: Iterable[MealRow], months: Sequence[str]) -> list[tuple[str, int]]:
    counts = Counter(month_of(meal.date) for meal in dinners)
    return [(month, counts[month]) for month in months]


def spend_per_month(
    dinners: Iterable[MealRow], months: Sequence[str]
) -> list[tuple[str, str, Decimal]]:
    """(month, currency, amount) for every month and every currency the owner paid in."""
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for meal in _paid_for(dinners):
        totals[month_of(meal.date), meal.currency.upper()] += owner_share(meal)
    currencies = sorted({currency for _, currency in totals})
    return [
        (month, currency, to_cent(totals.get((month, currency), Decimal(0))))
        for month in months
        for currency in currencies
    ]


def acceptance_by_kind(attempts: Iterable[AttemptRow]) -> dict[str, KindAcceptance]:
    """Asked and accepted per relationship kind; a contact with several kinds counts for each."""
    asked: Counter[str] = Counter()
    accepted: Counter[str] = Counter()
    for attempt in attempts:
        for kind in set(attempt.kinds) or {NO_KIND}:
            asked[kind] += 1
            accepted[kind] += attempt.outcome == ACCEPTED
    return {kind: KindAcceptance(asked[kind], accepted[kind]) for kind in sorted(asked)}


def _dinners_by_contact(
    dinners: Iterable[MealRow], guests: Iterable[GuestRow]
) -> dict[int, list[tuple[MealRow, GuestRow]]]:
    """Each contact's dinners with their seat at the table, in date order."""
    by_id = {meal.id: meal for meal in dinners}
    seats: dict[int, list[tuple[MealRow, GuestRow]]] = defaultdict(list)
    for guest in guests:
        if guest.contact_id is not None and guest.meal_id in by_id:
            seats[guest.contact_id].append((by_id[guest.meal_id], guest))
    for seated in seats.values():
        seated.sort(key=lambda pair: (pair[0].date, pair[0].id))
    return seats


def relationships_renewed(dinners: Iterable[MealRow], guests: Iterable[GuestRow]) -> list[Renewal]:
    """Dinners with someone last seen at a dinner 730 days or more before, latest first."""
    renewals = []
    for contact_id, seated in _dinners_by_contact(dinners, guests).items():
        for (before, _), (meal, guest) in pairwise(seated):
            if (meal.date - before.date).days >= LOST_TOUCH_DAYS:
                renewals.append(Renewal(contact_id, guest.name, meal.date, before.date))
    return sorted(renewals, key=lambda r: (r.date, r.name), reverse=True)


def warmth(dinners: Iterable[MealRow], guests: Iterable[GuestRow]) -> Warmth:
    """Average ratings in the 90 days before and after each rated guest's dinner."""
    window = WARMTH_WINDOW_DAYS
    befores, afters, contacts = [], [], set()
    for contact_id, seated in _dinners_by_contact(dinners, guests).items():
        rated = [(meal.date, guest.rating) for meal, guest in seated if guest.rating is not None]
        for day, _ in rated:
            # Days apart, not day ± 90 days: that overflows for a dinner dated 0001-01-01.
            before = [rating for when, rating in rated if 0 < (day - when).days <= window]
            after = [rating for when, rating in rated if 0 < (when - day).days <= window]
            if before and after:
                befores.append(stats.fmean(before))
                afters.append(stats.fmean(after))
                contacts.add(contact_id)
    if not befores:
        return Warmth()
    return Warmth(stats.fmean(befores), stats.fmean(afters), len(contacts), len(befores))


def trips_and_dinners(
    dinners: Iterable[MealRow], trips: Iterable[TripRow], today: dt.date
) -> tuple[int, int]:
    """How many trips have begun by `today`, and how many dinners fell within one of them."""
    begun = [trip for trip in trips if trip.start <= today]
    on_trips = sum(1 for meal in dinners if any(t.start <= meal.date <= t.end for t in begun))
    return len(begun), on_trips
