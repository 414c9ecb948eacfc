"""The dinner after a yes: a planned business meal on the evening, with the guest."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from tafelrunde.evenings.models import Attempt
from tafelrunde.meals import sealing
from tafelrunde.meals.models import Meal, MealParticipant


def planned_meal(attempt: Attempt) -> Meal | None:
    """The dinner already planned for this yes, so a second save changes it, not adds one."""
    return (
        Meal.objects.owned_by(attempt.owner)
        .filter(evening=attempt.evening, participants__contact=attempt.contact)
        .filter(status=Meal.Status.PLANNED)
        .first()
    )


@transaction.atomic
def plan_dinner(
    attempt: Attempt,
    *,
    time: dt.time | None = None,
    restaurant: str = "",
    restaurant_address: str = "",
    meal: Meal | None = None,
) -> Meal:
    """Plan (or update) the dinner on the attempt's evening, with its contact as the guest.

    The one way a yes becomes a meal: a yes logged on Tonight and a yes on an invitation link.
    """
    evening = attempt.evening
    created = meal is None
    if meal is None:
        meal = Meal(owner=attempt.owner, evening=evening, business=True)
    meal.date, meal.place, meal.status = evening.date, evening.place, Meal.Status.PLANNED
    meal.time, meal.restaurant, meal.restaurant_address = time, restaurant, restaurant_address
    meal.save()
    if created:
        MealParticipant.objects.create(meal=meal, contact=attempt.contact)
    sealing.record_changes(meal)  # a receipt approved meanwhile gets a new version
    return meal
