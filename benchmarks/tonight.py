"""Tonight's call list in Munich for a network of N contacts, against the raw candidate query.

uv run python benchmarks/tonight.py [--n 100000] [--others 50000] [--database-url URL]
The floor is the indexed bounding-box query alone (ids and coordinates of the candidates);
measured is call_list (ranking with history, limit 10), and the Tonight page over HTTP.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import random
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import arguments, django_for_benchmark, report, timings

# City and weight: a network centred on Germany, with friends and customers across Europe.
CITIES = [
    ("Berlin", 10),
    ("Hamburg", 7),
    ("München", 7),
    ("Köln", 6),
    ("Frankfurt am Main", 6),
    ("Stuttgart", 5),
    ("Düsseldorf", 5),
    ("Leipzig", 4),
    ("Dresden", 6),
    ("Nürnberg", 4),
    ("Augsburg", 2),
    ("Ingolstadt", 1),
    ("Regensburg", 1),
    ("Hannover", 3),
    ("Bremen", 2),
    ("Wien", 4),
    ("Salzburg", 1),
    ("Zürich", 3),
    ("Basel", 1),
    ("Paris", 4),
    ("Lyon", 1),
    ("Amsterdam", 3),
    ("Brussels", 2),
    ("København", 1),
    ("Stockholm", 1),
    ("Warszawa", 2),
    ("Praha", 2),
    ("Milano", 2),
    ("Roma", 1),
    ("Madrid", 1),
    ("Lisboa", 1),
    ("London", 3),
]
KINDS = ["customer", "supplier", "partner", "prospect", "friend", "colleague", "social_network"]
JITTER = 0.12  # degrees, about 10-13 km: people live around a city, not in its centre


def network(owner, count: int, rng: random.Random, places: list, weights: list) -> list[int]:
    """`count` located contacts with a phone each, written in bulk; their ids."""
    from tafelrunde.network.models import Contact, Phone

    ids = []
    for start in range(0, count, 5000):
        batch = []
        for i in range(start, min(count, start + 5000)):
            place = rng.choices(places, weights)[0]
            contact = Contact(
                owner=owner,
                given_name=rng.choice(["Jörg", "Anna", "Uwe", "Katrin", "Luca", "Marie"]),
                family_name=f"Person{i}",
                organisation=f"Firma {i % 997}",
                kinds=rng.sample(KINDS, rng.choice([1, 1, 2])),
                importance=rng.randint(1, 5),
                known_since=dt.date(rng.randint(1985, 2024), rng.randint(1, 12), 1)
                if rng.random() < 0.6
                else None,
            )
            contact.set_location(place, "address", 0.9)
            contact.latitude += rng.uniform(-JITTER, JITTER)
            contact.longitude += rng.uniform(-JITTER, JITTER)
            contact.refresh_keys()
            batch.append(contact)
        Contact.objects.bulk_create(batch)
        Phone.objects.bulk_create(
            Phone(owner=owner, contact=c, number=f"+49170{c.pk:08d}") for c in batch
        )
        ids.extend(c.pk for c in batch)
    return ids


def history(owner, ids: list[int], rng: random.Random, place, today: dt.date) -> None:
    """Some 2,000 past evenings with their calls, meals and notes, and a few calls tonight."""
    from tafelrunde.evenings.models import Attempt, Evening
    from tafelrunde.meals.models import Meal, MealParticipant, Note

    evenings = Evening.objects.bulk_create(
        Evening(owner=owner, place=place, date=today - dt.timedelta(days=d)) for d in range(2001)
    )
    outcomes = ["declined", "no-answer", "away", "call-back", "accepted"]
    attempts, meals = [], []
    for evening in evenings:
        for _ in range(rng.randint(1, 4)):
            attempts.append(
                Attempt(owner=owner, evening=evening, contact_id=rng.choice(ids),
                        outcome=rng.choice(outcomes))
            )  # fmt: skip
        if evening.date < today and rng.random() < 0.7:
            meals.append(Meal(owner=owner, date=evening.date, place=place, evening=evening))
    Attempt.objects.bulk_create(attempts)
    Meal.objects.bulk_create(meals)
    MealParticipant.objects.bulk_create(
        MealParticipant(owner=owner, meal=meal, contact_id=rng.choice(ids), name="Gast")
        for meal in meals
    )
    Note.objects.bulk_create(
        Note(owner=owner, contact_id=pk, text="Wants to retire to Portugal.")
        for pk in rng.sample(ids, min(3000, len(ids)))
    )


def main() -> None:
    args = arguments(
        __doc__.splitlines()[0],
        default_n=100_000,
        extra=lambda p: p.add_argument("--others", type=int, default=50_000),
    )
    django_for_benchmark(args.database_url)
    # The throwaway data directory holds a database of a few hundred MB: leave nothing behind.
    atexit.register(shutil.rmtree, os.environ["TAFELRUNDE_DATA_DIR"], ignore_errors=True)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from tafelrunde.network.places import find_place
    from tafelrunde.tonight.call_list import call_list, ranked_call_list
    from tafelrunde.tonight.candidates import contacts_in_box
    from tafelrunde.travel.models import Trip

    rng, today = random.Random(2004), timezone.localdate()
    places = [find_place(name) for name, _weight in CITIES]
    weights = [weight for _name, weight in CITIES]
    munich = find_place("München")
    users = get_user_model().objects
    owner = users.create_user("bench", password="bench")
    ids = network(owner, args.n, rng, places, weights)
    for number in range(5):
        network(users.create_user(f"other{number}"), args.others // 5, rng, places, weights)
    # Some history all over the network, more of it around Munich, where the host often is.
    nearby = list(contacts_in_box(owner, munich, 50).values_list("id", flat=True))
    people = rng.sample(ids, min(2000, len(ids))) + rng.sample(nearby, min(1000, len(nearby)))
    history(owner, people, rng, munich, today)
    Trip.objects.create(owner=owner, place=munich, start=today, end=today + dt.timedelta(days=2))
    if connection.vendor == "postgresql":  # what autovacuum does soon after a bulk load
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def floor_query() -> None:
        list(contacts_in_box(owner, munich, 50).values_list("id", "latitude", "longitude"))

    ranked = ranked_call_list(owner, munich, today)
    in_box = contacts_in_box(owner, munich, 50).count()

    def ranking() -> None:
        assert len(call_list(owner, munich, today)) == min(10, ranked.total)

    floor = timings(floor_query, args.runs)
    measured = timings(ranking, args.runs)
    extra = {"database": connection.vendor, "in_box": in_box, "candidates": ranked.total}
    try:
        url = reverse("tonight")
    except NoReverseMatch:
        print("The Tonight page (URL name 'tonight') does not exist yet: ranking only.")
    else:
        client = Client(HTTP_HOST="localhost")
        client.force_login(owner)
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        page = timings(lambda: client.get(url), args.runs)
        page_p50 = statistics.median(page)
        extra |= {
            "page_p50_ms": round(page_p50, 1),
            "page_ratio": round(page_p50 / statistics.median(floor), 2),
            "page_kb": round(len(response.content) / 1024, 1),
        }
    report("tonight", args.n, measured, floor, **extra)


if __name__ == "__main__":
    main()
