"""Build the demo network: an owner, a few hundred contacts across Europe, trips around
today, two years of evenings, meals, notes and follow-ups, and the owner's sales team
(tafelrunde.demo.team).

Everything is relative to today and drawn from a seeded random generator, so each run
gives the same network with fresh dates. Running it again rebuilds the demo account's
data from scratch.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from tafelrunde.accounts.models import profile_for
from tafelrunde.demo.contacts import Draft, draft_contacts, locate_contacts, save_contacts
from tafelrunde.demo.history import (
    History,
    add_guests,
    build_evenings,
    cities_by_place,
    local_time,
)
from tafelrunde.demo.itinerary import HOTELS, RESTAURANTS, TRIPS
from tafelrunde.demo.notes import FACTS
from tafelrunde.demo.renewals import build_renewal, build_warming
from tafelrunde.demo.sources import build_example_source
from tafelrunde.demo.stories import STORY_FOLLOW_UPS, TONIGHT_DECLINE
from tafelrunde.demo.team import build_team, colleague_usernames
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.meals.models import FollowUp, Meal, Note
from tafelrunde.network.models import Contact
from tafelrunde.network.places import find_place
from tafelrunde.owned import OwnedModel
from tafelrunde.travel.models import Trip

if TYPE_CHECKING:
    from tafelrunde.owned import Owner

USERNAME = "demo"
PASSWORD = "demo"
SEED = 1848  # any fixed number: the same network every time
CONTACTS = 300


@dataclass(frozen=True)
class Summary:
    contacts: int
    located: int
    trips: int
    evenings: int
    meals: int
    attempts: int

    def __str__(self) -> str:
        from django.utils.translation import gettext

        line = gettext(
            "Demo network: %(contacts)d contacts (%(located)d located), %(trips)d trips, "
            "%(evenings)d evenings, %(meals)d meals"
        )
        return line % vars(self)


def build_demo(today: dt.date | None = None, seed: int = SEED, contacts: int = CONTACTS) -> Summary:
    """(Re)build the demo account's whole network; returns what it holds."""
    today = today or timezone.localdate()
    rng = random.Random(seed)
    with transaction.atomic():
        owner = build_owner()
        clear_demo_data(owner)
        drafts = draft_contacts(owner, rng, today, contacts)
        save_contacts(drafts)
        locate_contacts([draft.contact for draft in drafts], default_country="DE")
        trips = build_trips(owner, today)
        history = History(owner, rng, today, drafts, cities_by_place())
        by_name = {draft.contact.full_name: draft.contact for draft in drafts}
        decliner = by_name[TONIGHT_DECLINE[0]]
        build_evenings(history, trips, reserved={decliner.pk})
        build_old_meals(history)
        build_tonight(history, trips, decliner)
        build_facts(history)
        build_story_follow_ups(history, by_name)
        build_renewal(history, by_name)
        build_warming(history, taken={p.contact_id for p in history.participants})
        history.save()
        suggest_namesakes(owner, drafts)
        build_example_source(owner, trips=len(trips))
        # A generator of its own: the host's network stays as it was without the team.
        build_team(owner, random.Random(f"{seed}-team"), today)
    return summarise(owner)


def demo_usernames() -> list[str]:
    """The demo's accounts: the host, who logs in, and the colleagues, who cannot."""
    return [USERNAME, *colleague_usernames()]


def build_owner() -> Owner:
    """The demo account (created once; its password is put back to "demo" if changed)."""
    users = get_user_model().objects
    user = users.filter(username=USERNAME).first()
    if user is None:
        user = users.create_user(
            USERNAME,
            email="hans.gastgeber@neckar-fluidtechnik.example",
            password=PASSWORD,
            first_name="Hans",
            last_name="Gastgeber",
        )
    elif not user.is_active or not user.check_password(PASSWORD):
        user.set_password(PASSWORD)
        user.is_active = True
        user.save()
    profile = profile_for(user)
    profile.full_name = "Hans Gastgeber"
    profile.home_place = find_place("Stuttgart", country="DE")
    profile.home_country = "DE"
    profile.language = "de"
    profile.save()
    return user


def clear_demo_data(owner: Owner) -> None:
    """Delete every row the demo account owns (in every app, so nothing is left over)."""
    for model in apps.get_models():
        if issubclass(model, OwnedModel):
            model.objects.filter(owner=owner).delete()


def build_trips(owner: Owner, today: dt.date) -> list[Trip]:
    """The trip that includes today, the coming ones, and two years of past ones."""
    trips = []
    for city, offset, nights, title in TRIPS:
        start = today + dt.timedelta(days=offset)
        if offset > 0:
            while start.weekday() + nights > 5:  # leave on a weekday, home by Friday
                start += dt.timedelta(days=1)
        elif offset < -1:
            while start.weekday() + nights > 5:
                start -= dt.timedelta(days=1)
        place = find_place(city)
        trips.append(
            Trip(
                owner=owner,
                place=place,
                start=start,
                end=start + dt.timedelta(days=nights - 1),
                hotel=HOTELS.get(city, ""),
                title=title,
            )
        )
    return Trip.objects.bulk_create(sorted(trips, key=lambda trip: trip.start))


def build_old_meals(h: History) -> None:
    """The dinners from years ago that make "known since 2001, last seen 2011" true."""
    for draft in h.drafts:
        old = draft.story.old_meal if draft.story else None
        if old is None:
            continue
        meal = Meal.objects.create(
            owner=h.owner,
            date=old.date,
            time=dt.time(19, 30),
            restaurant=old.restaurant,
            restaurant_address=dict(RESTAURANTS[old.city])[old.restaurant],
            place=find_place(old.city, country="DE"),
            occasion=old.occasion,
            business=old.business,
            amount=Decimal(old.amount),
            tip=Decimal(old.tip),
        )
        add_guests(h, meal, [draft.contact], warm=True)


def build_tonight(h: History, trips: list[Trip], decliner: Contact) -> None:
    """Tonight's round has begun: the key customer answered "not tonight" by message.

    Sent this morning, or 20 minutes ago: never in the future, never yesterday.
    """
    trip = next(trip for trip in trips if trip.start <= h.today <= trip.end)
    evening = Evening.objects.create(owner=h.owner, date=h.today, place=trip.place, trip=trip)
    now = timezone.now()
    morning, lunchtime = (local_time(trip.place, h.today, *hm) for hm in ((8, 15), (12, 40)))
    at = min(max(now - dt.timedelta(minutes=20), morning), lunchtime, now)
    at = max(at, local_time(trip.place, h.today, 0, 0))
    h.attempts.append(
        Attempt(
            owner=h.owner,
            evening=evening,
            contact=decliner,
            channel=Attempt.Channel.WHATSAPP,
            outcome=Attempt.Outcome.DECLINED,
            at=at,
            note=TONIGHT_DECLINE[1],
        )
    )


def build_facts(h: History) -> None:
    """Personal facts: the hand-written ones, and one for about a quarter of everyone else."""
    for draft in h.drafts:
        contact = draft.contact
        texts = draft.story.facts if draft.story else ()
        if not draft.story and h.rng.random() < 0.25:
            texts = (h.rng.choice(FACTS),)
        for text in texts:
            since = contact.known_since or h.today - dt.timedelta(days=365)
            noted = since + dt.timedelta(days=h.rng.randint(0, max(0, (h.today - since).days - 1)))
            h.notes.append(
                Note(
                    owner=h.owner,
                    contact=contact,
                    kind=Note.Kind.FACT,
                    text=text,
                    created_at=dt.datetime.combine(noted, dt.time(22, 0), dt.UTC),
                )
            )


def build_story_follow_ups(h: History, by_name: dict[str, Contact]) -> None:
    """The open to-dos with key people, due in the coming days and weeks."""
    for name, text, days in STORY_FOLLOW_UPS:
        due = h.today + dt.timedelta(days=days)
        h.follow_ups.append(FollowUp(owner=h.owner, contact=by_name[name], text=text, due=due))


def suggest_namesakes(owner: Owner, drafts: list[Draft]) -> None:
    """Let the app notice that the LinkedIn "Dr. Jörg Müller" is Jörg from school."""
    from tafelrunde.network.namesakes import group_namesakes

    group_namesakes(owner, (draft.contact.name_key for draft in drafts))


def summarise(owner: Owner) -> Summary:
    """What the demo account holds now."""
    contacts = Contact.objects.owned_by(owner)
    return Summary(
        contacts=contacts.count(),
        located=contacts.filter(place__isnull=False).count(),
        trips=Trip.objects.owned_by(owner).count(),
        evenings=Evening.objects.owned_by(owner).count(),
        meals=Meal.objects.owned_by(owner).count(),
        attempts=Attempt.objects.owned_by(owner).count(),
    )
