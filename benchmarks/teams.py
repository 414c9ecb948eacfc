"""Tonight for a member of a team of M members with N contacts each, against the member's own list.

uv run python benchmarks/teams.py [--n 5000] [--members 50] [--database-url URL]
The floor is ranked_call_list, the member's own ranking (limit 10); measured is team_tonight:
the same list with the colleagues' notes, the people colleagues know near the place ("through
colleagues", 5) and the colleagues in the same place. Munich, radius 50 km. The runs of both
are interleaved, so that a busy moment of a shared machine hits both alike.

The team's networks overlap as a sales team's do: 40 % of each member's contacts come from a
pool of people many members know (the same person with the same name at the same
organisation, and in most copies the same e-mail or mobile number), the rest are the member's
own. Members share all (a third), their customers and suppliers (a third) or one contact in
five by hand; a few share trips to Munich tonight. Every member has tried and dined with
people around Munich in the last weeks, so colleagues' notes ("Anna dined with him on 28 Nov")
exist; the viewer has years of history of their own, as in benchmarks/tonight.py.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _setup import arguments, django_for_benchmark, interleaved, report
from tonight import CITIES, JITTER, KINDS
from tonight import history as own_history

GIVEN = ["Jörg", "Anna", "Uwe", "Katrin", "Luca", "Marie", "Hans", "Bert", "Olga", "Sven"]
FAMILY = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker"]
POOL_SHARE = 0.4  # of each member's contacts: people several members know
SHARED_KINDS = ["customer", "supplier"]


class People:
    """Everyone the team knows: person k has one place, name, organisation, e-mail, phone."""

    def __init__(self, rng: random.Random, places: list, weights: list, pool: int):
        self.rng, self.places, self.weights, self.pool = rng, places, weights, pool
        self.next_private = pool
        self.cache: dict[int, tuple] = {}

    def person(self, k: int) -> tuple:
        found = self.cache.get(k)
        if found is None:
            rng = self.rng
            place = rng.choices(self.places, self.weights)[0]
            found = (
                place,
                rng.uniform(-JITTER, JITTER),
                rng.uniform(-JITTER, JITTER),
                GIVEN[k % len(GIVEN)],
                f"{FAMILY[k % len(FAMILY)]}{k}",
                f"Firma {k % 997}",
            )
            if k < self.pool:  # private people are met once: no need to remember them
                self.cache[k] = found
        return found

    def for_member(self, count: int) -> list[int]:
        shared = min(round(count * POOL_SHARE), self.pool)  # a small team has a small pool
        from_pool = self.rng.sample(range(self.pool), shared)
        private = range(self.next_private, self.next_private + count - len(from_pool))
        self.next_private += len(private)
        return [*from_pool, *private]


def network(owner, people: People, count: int, rng: random.Random) -> list:
    """The member's contacts, with their e-mails and phones, written in bulk."""
    from tafelrunde.network.models import Contact, Email, Phone

    persons = people.for_member(count)
    contacts = []
    for start in range(0, len(persons), 5000):
        batch, emails, phones = [], [], []
        for k in persons[start : start + 5000]:
            place, dlat, dlon, given, family, organisation = people.person(k)
            contact = Contact(
                owner=owner,
                given_name=given,
                family_name=family,
                organisation=organisation,
                kinds=rng.sample(KINDS, rng.choice([1, 1, 2])),
                importance=rng.randint(1, 5),
                known_since=dt.date(rng.randint(1990, 2024), rng.randint(1, 12), 1)
                if rng.random() < 0.6
                else None,
            )
            contact.set_location(place, "address", 0.9)
            contact.latitude += dlat
            contact.longitude += dlon
            contact.refresh_keys()
            batch.append((contact, k))
        Contact.objects.bulk_create([contact for contact, _k in batch])
        for contact, k in batch:
            if rng.random() < 0.6:
                emails.append(Email(owner=owner, contact=contact, address=f"p{k}@firma.example"))
            if rng.random() < 0.7:
                phones.append(Phone(owner=owner, contact=contact, number=f"+49170{k:08d}"))
        Email.objects.bulk_create(emails)
        Phone.objects.bulk_create(phones)
        contacts.extend(contact for contact, _k in batch)
    return contacts


def recent(owner, near: list[int], rng: random.Random, munich, today: dt.date) -> None:
    """A member's last weeks around Munich: three evenings of calls and a dinner or two."""
    from tafelrunde.evenings.models import Attempt, Evening
    from tafelrunde.meals.models import Meal, MealParticipant

    if not near:
        return
    days = rng.sample(range(1, 28), 3)
    evenings = Evening.objects.bulk_create(
        Evening(owner=owner, place=munich, date=today - dt.timedelta(days=d)) for d in days
    )
    outcomes = ["declined", "no-answer", "away", "call-back", "accepted"]
    Attempt.objects.bulk_create(
        Attempt(owner=owner, evening=evening, contact_id=pk, outcome=rng.choice(outcomes))
        for evening in evenings
        for pk in rng.sample(near, min(3, len(near)))
    )
    meals = Meal.objects.bulk_create(
        Meal(owner=owner, date=evening.date, place=munich, evening=evening)
        for evening in evenings[: rng.randint(1, 2)]
    )
    MealParticipant.objects.bulk_create(
        MealParticipant(owner=owner, meal=meal, contact_id=rng.choice(near), name="Gast")
        for meal in meals
    )


def team(members: list, contacts: dict, rng: random.Random, munich, today: dt.date) -> None:
    """One team of all members; each shares all, by kind or one by one; a few share trips."""
    from tafelrunde.teams.membership import add_member, create_team
    from tafelrunde.teams.models import SharedContact
    from tafelrunde.teams.sharing import set_sharing
    from tafelrunde.travel.models import Trip

    owner = create_team(members[0], "Vertrieb")
    for number, user in enumerate(members):
        membership = owner if number == 0 else add_member(owner, user)
        trips = number % 10 == 5
        if number % 3 == 0:
            set_sharing(membership, share_all=True, trips=trips, phones=number % 2 == 0)
        elif number % 3 == 1:
            set_sharing(membership, kinds=SHARED_KINDS, trips=trips)
        else:
            chosen = [c for c in contacts[user.pk] if rng.random() < 0.2]
            SharedContact.objects.bulk_create(
                SharedContact(membership=membership, contact=c) for c in chosen
            )
            set_sharing(membership, trips=trips)
        if trips:
            Trip.objects.create(owner=user, place=munich, start=today, end=today)


def main() -> None:
    def extra(parser) -> None:
        parser.add_argument("--members", type=int, default=50, help="members of the team")

    args = arguments(__doc__.splitlines()[0], default_n=5000, extra=extra)
    django_for_benchmark(args.database_url)
    atexit.register(shutil.rmtree, os.environ["TAFELRUNDE_DATA_DIR"], ignore_errors=True)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from tafelrunde.accounts.models import profile_for
    from tafelrunde.network.places import find_place
    from tafelrunde.teams.colleague_notes import Notes
    from tafelrunde.teams.colleagues import team_tonight
    from tafelrunde.teams.sharing import colleagues_of
    from tafelrunde.tonight.call_list import ranked_call_list
    from tafelrunde.tonight.candidates import contacts_in_box
    from tafelrunde.travel.models import Trip

    rng, today = random.Random(2011), timezone.localdate()
    places = [find_place(name) for name, _weight in CITIES]
    weights = [weight for _name, weight in CITIES]
    munich = find_place("München")
    people = People(rng, places, weights, pool=max(1, args.members * args.n // 12))
    users = get_user_model().objects
    members, contacts = [], {}
    for number in range(args.members):
        user = users.create_user(f"member{number}", email=f"member{number}@firma.example")
        profile = profile_for(user)
        profile.full_name = f"{GIVEN[number % len(GIVEN)]} Kollege{number}"
        profile.save()
        members.append(user)
        contacts[user.pk] = network(user, people, args.n, rng)
        if number:  # the viewer's own history follows, years of it
            near = list(contacts_in_box(user, munich, 50).values_list("id", flat=True))
            recent(user, near, rng, munich, today)
    viewer = members[0]
    mine = [c.pk for c in contacts[viewer.pk]]
    near = list(contacts_in_box(viewer, munich, 50).values_list("id", flat=True))
    own_history(viewer, rng.sample(mine, len(mine) // 2) + near, rng, munich, today)
    Trip.objects.create(owner=viewer, place=munich, start=today, end=today + dt.timedelta(days=2))
    team(members, contacts, rng, munich, today)
    if connection.vendor == "postgresql":  # what autovacuum does soon after a bulk load:
        with connection.cursor() as cursor:  # the statistics, and the pages marked all-visible
            cursor.execute("VACUUM ANALYZE")  # that let an index alone answer

    own = ranked_call_list(viewer, munich, today)
    together = team_tonight(viewer, munich, today)
    assert [c.contact.pk for c in together.own.candidates] and together.through_colleagues

    def own_ranking() -> None:
        ranked_call_list(viewer, munich, today)

    def with_team() -> None:
        team_tonight(viewer, munich, today)

    measured, floor = interleaved(with_team, own_ranking, args.runs)  # the machine may be busy
    # Colleagues' notes on the own list: among all candidates (those shown rank lower).
    box = contacts_in_box(viewer, munich, 50).values_list("id", flat=True)
    noted = Notes(viewer, today, colleagues_of(viewer))(list(box))
    extra_figures = {
        "database": connection.vendor,
        "members": args.members,
        "contacts": args.members * args.n,
        "candidates": own.total,
        "colleague_notes": len(noted),
        "colleague_notes_shown": sum(1 for c in together.own.candidates if c.colleague_note),
        "through_colleagues": len(together.through_colleagues),
        "colleagues_here": len(together.colleagues_here),
    }
    report("teams", args.n, measured, floor, **extra_figures)


if __name__ == "__main__":
    main()
