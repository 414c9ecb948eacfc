"""The part of the demo that shows the habit working: an old friend met again, and a
customer relationship that grew warmer dinner by dinner (the statistics page shows both)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tafelrunde.demo.history import History, add_guests
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.network.models import Contact, Kind

RENEWED = "Heiko Lindner"  # last seen in 2019; met again in Cascais a few months ago
WARMING_RATINGS = (3, 4, 5)  # three dinners, 60 days apart, each warmer than the last


def build_renewal(h: History, by_name: dict[str, Contact]) -> None:
    """A dinner with a friend not seen for years: a renewed relationship."""
    friend = by_name.get(RENEWED)
    if friend is None or friend.place is None:
        return
    meal = Meal.objects.create(
        owner=h.owner,
        date=h.today - dt.timedelta(days=95),
        time=dt.time(20, 0),
        restaurant="Mar do Inferno",
        restaurant_address="Avenida Rei Humberto II de Itália, Cascais",
        place=friend.place,
        occasion="Wiedersehen nach Jahren",
        business=False,
        amount=Decimal("96.50"),
        tip=Decimal("8.50"),
    )
    add_guests(h, meal, [friend], warm=True)


def build_warming(h: History, taken: set[int | None]) -> None:
    """Three dinners with one key customer, warmer each time (warmth before/after)."""
    customer = next(
        (
            d.contact
            for d in h.drafts
            if Kind.CUSTOMER in d.contact.kinds
            and d.contact.importance >= 4
            and d.contact.place is not None
            and not d.contact.do_not_invite
            and d.contact.pk not in taken
            and d.story is None
        ),
        None,
    )
    if customer is None or customer.place is None:
        return
    for days_ago, rating in zip((170, 110, 50), WARMING_RATINGS, strict=True):
        meal = Meal.objects.create(
            owner=h.owner,
            date=h.today - dt.timedelta(days=days_ago),
            time=dt.time(19, 30),
            restaurant=f"Ratskeller {customer.place.name}",
            restaurant_address=f"Marktplatz 1, {customer.place.name}",
            place=customer.place,
            occasion=f"Abstimmung Rahmenvertrag {h.today.year + 1} mit {customer.organisation}",
            business=True,
            amount=Decimal("118.40"),
            tip=Decimal("11.60"),
        )
        h.participants.append(
            MealParticipant(
                owner_id=h.owner.pk,
                meal=meal,
                contact=customer,
                name=customer.full_name,
                rating=rating,
            )
        )
