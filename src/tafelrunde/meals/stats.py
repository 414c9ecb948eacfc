"""The owner's history as plain rows (a fixed number of queries) for the statistics core."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tafelrunde.core.statistics import (
    AttemptRow,
    EveningRow,
    GuestRow,
    History,
    MealRow,
    Renewal,
    Statistics,
    TripRow,
    compute_statistics,
)
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.owned import Owner
from tafelrunde.travel.models import Trip


def history_for(owner: Owner) -> History:
    """Everything the statistics need of one owner, and nothing of anyone else: five queries."""
    evenings = Evening.objects.owned_by(owner).order_by()
    attempts = Attempt.objects.owned_by(owner).order_by()
    meals = Meal.objects.owned_by(owner).order_by()
    guests = MealParticipant.objects.owned_by(owner).order_by()
    trips = Trip.objects.owned_by(owner).order_by()
    return History(
        evenings=[EveningRow(*row) for row in evenings.values_list("id", "date", "trip_id")],
        attempts=[
            AttemptRow(evening_id, contact_id, outcome, at, pk, tuple(kinds or ()))
            for evening_id, contact_id, outcome, at, pk, kinds in attempts.values_list(
                "evening_id", "contact_id", "outcome", "at", "id", "contact__kinds"
            )
        ],
        meals=[
            MealRow(*row)
            for row in meals.values_list(
                "id", "date", "status", "amount", "tip", "currency", "paid_by"
            )
        ],
        guests=[
            # A contact's name as it is now; the name at the table once the contact is erased.
            GuestRow(meal_id, contact_id, current_name or name_at_table, rating)
            for meal_id, contact_id, name_at_table, current_name, rating in guests.values_list(
                "meal_id", "contact_id", "name", "contact__full_name", "rating"
            )
        ],
        trips=[TripRow(*row) for row in trips.values_list("id", "start", "end")],
    )


def statistics_for(owner: Owner, today: dt.date) -> Statistics:
    """The owner's figures as of `today`."""
    return compute_statistics(history_for(owner), today)


def statistics_json(figures: Statistics) -> dict:
    """The `stats --json` document: the DESIGN.md fields first, then the rest."""
    return {
        "dinners": figures.dinners,
        "evenings": figures.evenings,
        "evenings_with_company": figures.evenings_with_company,
        "attempts": figures.attempts,
        "acceptance_rate": _rounded(figures.acceptance_rate, 4),
        "median_calls_per_dinner": figures.median_calls_per_dinner,
        "spend": {currency: str(amount) for currency, amount in figures.spend.items()},
        "accepted": figures.accepted,
        "calls_per_dinner": {str(calls): n for calls, n in figures.calls_per_dinner.items()},
        "dinners_per_month": [
            {"month": month, "dinners": count} for month, count in figures.dinners_per_month
        ],
        "spend_per_month": [
            {"month": month, "currency": currency, "amount": str(amount)}
            for month, currency, amount in figures.spend_per_month
        ],
        "trip_evenings": {
            "with_company": figures.trip_evenings_with_company,
            "alone": figures.trip_evenings_alone,
        },
        "acceptance_by_kind": {
            kind: {"asked": k.asked, "accepted": k.accepted, "rate": _rounded(k.rate, 4)}
            for kind, k in figures.acceptance_by_kind.items()
        },
        "relationships_renewed": _renewed_json(figures.renewed),
        "warmth": {
            "before": _rounded(figures.warmth.before, 2),
            "after": _rounded(figures.warmth.after, 2),
            "contacts": figures.warmth.contacts,
            "dinners": figures.warmth.dinners,
        },
        "trips": figures.trips,
        "dinners_on_trips": figures.dinners_on_trips,
        "dinners_per_trip": _rounded(figures.dinners_per_trip, 2),
    }


def _renewed_json(renewals: Sequence[Renewal]) -> dict:
    people = [
        {
            "contact_id": r.contact_id,
            "name": r.name,
            "date": r.date.isoformat(),
            "last_seen": r.last_seen.isoformat(),
            "days_apart": r.days_apart,
        }
        for r in renewals
    ]
    return {"count": len(people), "people": people}


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
