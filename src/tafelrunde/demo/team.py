"""The demo host's sales team: Hans and three colleagues at Neckar Fluidtechnik, each with a
small network of their own around the host's trip cities.

Some of their people are the host's too (the same name at the same organisation, the same
e-mail or the same mobile: Tonight shows each of them once), most are people the host does
not know. They share by different rules, through the team app's own functions: Anna all her
contacts, her trips and their numbers; Bernd his customers and suppliers; Mareike a few
people one by one. Bernd dined with one of the host's Dresden people a few days ago, and
Anna is in Dresden tonight too.

The colleagues cannot log in (no usable password) and get no reminders: they are there to
be seen from the host's side. Everything is seeded and relative to today, as the rest of the
demo.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q, prefetch_related_objects

from tafelrunde.accounts.models import profile_for
from tafelrunde.core.geo import haversine_km
from tafelrunde.core.names import person_key
from tafelrunde.demo.colleagues import (
    ANNA_DINNERS,
    COLLEAGUES,
    KNOWN_TO_TWO,
    RADIUS_KM,
    RECENT_DINNER,
    TEAM_NAME,
    TRIP_CITY,
    Colleague,
)
from tafelrunde.demo.contacts import (
    OWN_COMPANY,
    Draft,
    add_address,
    add_email,
    add_landline,
    add_mobile,
    add_source,
    locate_contacts,
    save_contacts,
)
from tafelrunde.demo.geography import region_of, town_named
from tafelrunde.demo.itinerary import HOTELS, RESTAURANTS
from tafelrunde.demo.people import Person, make_organisation, make_person, make_role
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.network.models import Address, Contact, Email, Kind, Phone, Place
from tafelrunde.network.places import find_place
from tafelrunde.reminders.models import ReminderSettings
from tafelrunde.teams.membership import add_member, create_team
from tafelrunde.teams.models import Membership, Team
from tafelrunde.teams.sharing import set_sharing, share_contacts
from tafelrunde.travel.models import Trip

if TYPE_CHECKING:
    from tafelrunde.owned import Owner


def city(name: str) -> Place:
    """A German city of the demo's itinerary (in every place index)."""
    place = find_place(name, country="DE")
    if place is None:
        raise LookupError(f"{name} is missing from the place index")
    return place


def colleague_usernames() -> list[str]:
    return [colleague.username for colleague in COLLEAGUES]


def clear_team(owner: Owner) -> None:
    """Remove the demo team and the colleagues' accounts with all they own."""
    users = get_user_model().objects.filter(username__in=colleague_usernames())
    Team.objects.filter(
        Q(memberships__user__in=users) | Q(name=TEAM_NAME, memberships__user=owner)
    ).delete()
    for user in users:  # one by one: each goes with its rows (teams.lifecycle sees each)
        user.delete()


def build_team(owner: Owner, rng: random.Random, today: dt.date) -> Membership:
    """The host's team with its colleagues, their networks, sharing, a trip and a dinner."""
    clear_team(owner)
    ours = create_team(owner, TEAM_NAME)
    backdate(ours, today, 760)
    set_sharing(ours, kinds=[Kind.CUSTOMER, Kind.PARTNER], trips=True)
    mine = host_people(owner)
    taken = {person_key(c.given_name, c.family_name) for c in mine.values()}
    drafts: dict[str, list[Draft]] = {}
    for number, colleague in enumerate(COLLEAGUES):
        user = colleague_account(colleague)
        membership = add_member(ours, user)
        backdate(membership, today, colleague.joined_days_ago)
        set_sharing(
            membership,
            share_all=colleague.share_all,
            kinds=colleague.share_kinds,
            trips=colleague.share_trips,
            phones=colleague.share_phones,
        )
        drafts[colleague.username] = their_network(user, colleague, rng, today, mine, taken)
        theirs = drafts[colleague.username]
        if colleague.username == "demo-mareike":  # shares two of hers and Anna's prospect
            anna, index = KNOWN_TO_TWO
            theirs.append(known_too(user, own_people(drafts[anna], anna)[index], rng, number))
        save_contacts(theirs)
        locate_contacts([draft.contact for draft in theirs], default_country="DE")
        if colleague.username == "demo-mareike":
            share_contacts(membership, [theirs[0].contact, theirs[1].contact, theirs[-1].contact])
    build_colleague_history(rng, today, drafts)
    return ours


def own_people(drafts: list[Draft], username: str) -> list[Draft]:
    """A colleague's people whom the host does not know (after the host's they know too)."""
    colleague = next(c for c in COLLEAGUES if c.username == username)
    return drafts[len(colleague.theirs_too) :]


def backdate(membership: Membership, today: dt.date, days: int) -> None:
    """When the member joined (the team's functions say "now"; the demo has a past)."""
    joined = dt.datetime.combine(today - dt.timedelta(days=days), dt.time(9, 0), dt.UTC)
    Membership.objects.filter(pk=membership.pk).update(joined_at=joined)
    if membership.role == Membership.Role.OWNER:
        Team.objects.filter(pk=membership.team_id).update(created_at=joined)


def colleague_account(colleague: Colleague) -> Owner:
    """An account that cannot log in and gets no mail, with a profile like the host's."""
    user = get_user_model().objects.create_user(
        colleague.username,
        email=colleague.email,
        password=None,  # unusable: only the host logs in to the demo
        first_name=colleague.given,
        last_name=colleague.family,
    )
    profile = profile_for(user)
    profile.full_name = colleague.full_name
    profile.home_place = find_place(colleague.home, country="DE")
    profile.home_country = "DE"
    profile.language = "de"
    profile.save()
    ReminderSettings.objects.create(
        owner=user, trip_digest=False, nudge=False, weekly=False, round_answers=False
    )
    return user


def host_people(owner: Owner) -> dict[str, Contact]:
    """The host's contacts by full name, with the ways to reach them."""
    contacts = list(Contact.objects.owned_by(owner).select_related("place").order_by("id"))
    prefetch_related_objects(contacts, "addresses", "emails", "phones")
    found: dict[str, Contact] = {}
    for contact in contacts:
        found.setdefault(contact.full_name, contact)
    return found


def their_network(
    user: Owner,
    colleague: Colleague,
    rng: random.Random,
    today: dt.date,
    mine: dict[str, Contact],
    taken: set[str],
) -> list[Draft]:
    """The people the colleague knows: some of the host's, then people of their own."""
    drafts = []
    near = nearby_host_people(mine, named={name for name, _match in colleague.theirs_too})
    for number, (name, match) in enumerate(colleague.theirs_too, start=1):
        theirs = mine[name] if name else near.pop(rng.randrange(len(near)))
        drafts.append(copy_of(user, theirs, match, rng, today, number))
    for number, (town_name, kinds) in enumerate(colleague.people, start=100):
        drafts.append(someone_new(user, town_named(town_name), kinds, rng, today, number, taken))
    return drafts


def nearby_host_people(mine: dict[str, Contact], named: set[str]) -> list[Contact]:
    """The host's business contacts near tonight's place that no colleague is given by name."""
    place = city(TRIP_CITY)
    found = {
        contact.pk: contact
        for contact in mine.values()
        if contact.organisation
        and contact.organisation != OWN_COMPANY
        and contact.latitude is not None
        and contact.longitude is not None
        and not contact.do_not_invite
        and contact.full_name not in named
        and haversine_km(place.latitude, place.longitude, contact.latitude, contact.longitude)
        <= RADIUS_KM
    }
    return [found[pk] for pk in sorted(found)]


def copy_of(
    user: Owner, theirs: Contact, match: str, rng: random.Random, today: dt.date, number: int
) -> Draft:
    """The colleague's own card of one of the host's people: the same address, and the same
    organisation ("name"), work e-mail ("email") or mobile ("phone") as the host's card."""
    contact = Contact(
        owner=user,
        salutation=theirs.salutation,
        title=theirs.title,
        given_name=theirs.given_name,
        family_name=theirs.family_name,
        organisation=theirs.organisation if match != "phone" else "",
        role=theirs.role if match != "phone" else "",
        kinds=list(theirs.kinds),
        importance=theirs.importance,
        language=theirs.language,
        address_form=theirs.address_form,
        known_since=today - dt.timedelta(days=rng.randint(400, 3000)),
    )
    draft = Draft(contact)
    for address in theirs.addresses.all():
        draft.children.append(
            Address(
                owner=user,
                contact=contact,
                type=address.type,
                street=address.street,
                postal_code=address.postal_code,
                city=address.city,
                country=address.country,
            )
        )
    if match == "email":
        for email in theirs.emails.all():
            draft.children.append(
                Email(owner=user, contact=contact, address=email.address, type=email.type)
            )
    if match == "phone":
        for phone in theirs.phones.all():
            draft.children.append(
                Phone(owner=user, contact=contact, number=phone.number, type=phone.type)
            )
    add_source(draft, "vcard", number)
    return draft


def someone_new(
    user: Owner,
    town,
    kinds: tuple[str, ...],
    rng: random.Random,
    today: dt.date,
    number: int,
    taken: set[str],
) -> Draft:
    """Someone the host does not know, living in `town` (a name nobody else in the demo has)."""
    for _attempt in range(30):
        person = make_person(rng, town.country)
        if person_key(person.given, person.family) not in taken:
            break
    taken.add(person_key(person.given, person.family))
    business = not {Kind.FRIEND} & set(kinds)
    organisation = make_organisation(rng, town.country, region_of(town).org_prefixes)
    contact = Contact(
        owner=user,
        salutation=person.salutation,
        title=person.title,
        given_name=person.given,
        family_name=person.family,
        organisation=organisation if business else "",
        role=make_role(rng, person, business),
        kinds=list(kinds),
        importance=rng.choice((2, 3, 3, 4, 4, 5)),
        language=person.language,
        address_form="sie" if business else "du",
        known_since=today - dt.timedelta(days=rng.randint(500, 5000)),
        notes="" if business else "Aus dem Sportverein.",
    )
    draft = Draft(contact)
    line = "work" if business else "home"
    add_address(draft, rng, town, line)
    add_landline(draft, rng, town, line)
    add_mobile(draft, rng, town.country)
    add_email(draft, rng, person, business)
    add_source(draft, "vcard", number)
    return draft


def known_too(user: Owner, anna: Draft, rng: random.Random, number: int) -> Draft:
    """Mareike's card of someone Anna knows: the same name at the same organisation."""
    theirs = anna.contact
    person = Person(theirs.given_name, theirs.family_name, False, theirs.language, theirs.title)
    contact = Contact(
        owner=user,
        salutation=theirs.salutation,
        title=theirs.title,
        given_name=theirs.given_name,
        family_name=theirs.family_name,
        organisation=theirs.organisation,
        role=theirs.role,
        kinds=list(theirs.kinds),
        importance=3,
        language=theirs.language,
        known_since=theirs.known_since,
    )
    draft = Draft(contact)
    town = town_named(next(c.city for c in anna.children if isinstance(c, Address)))
    add_address(draft, rng, town, "work")
    add_email(draft, rng, person, True)
    add_source(draft, "outlook-csv", 200 + number)
    return draft


def build_colleague_history(
    rng: random.Random, today: dt.date, drafts: dict[str, list[Draft]]
) -> None:
    """Anna's trip to Dresden that includes tonight and a few of her past dinners; Bernd's
    dinner in Dresden a few days ago with one of the host's people."""
    anna, bernd = (drafts[username] for username in ("demo-anna", "demo-bernd"))
    dresden = city(TRIP_CITY)
    anna_user = anna[0].contact.owner
    Trip.objects.create(
        owner=anna_user,
        place=dresden,
        start=today,
        end=today + dt.timedelta(days=1),
        hotel="Hotel Bellevue Dresden",
        title="Kundentermine Dresden",
    )
    Trip.objects.create(
        owner=anna_user,
        place=city("Berlin"),
        start=today + dt.timedelta(days=16),
        end=today + dt.timedelta(days=17),
        hotel=HOTELS["Berlin"],
        title="Kundentermine Berlin",
    )
    dinner(anna[0].contact, today - dt.timedelta(days=45), rng)  # the host's customer too
    for index, days in ANNA_DINNERS:
        dinner(own_people(anna, "demo-anna")[index].contact, today - dt.timedelta(days=days), rng)
    name, days, restaurant = RECENT_DINNER
    guest = next(d.contact for d in bernd if d.contact.full_name == name)
    Trip.objects.create(
        owner=guest.owner,
        place=dresden,
        start=today - dt.timedelta(days=days + 1),
        end=today - dt.timedelta(days=days),
        hotel=HOTELS[TRIP_CITY],
        title="Lieferantengespräche Dresden",
    )
    dinner(guest, today - dt.timedelta(days=days), rng, restaurant)


def dinner(guest: Contact, day: dt.date, rng: random.Random, restaurant: str = "") -> Meal:
    """A held business dinner of the guest's owner with the guest, in the guest's city."""
    place = guest.place or city(TRIP_CITY)
    choices = dict(RESTAURANTS.get(place.name, RESTAURANTS[TRIP_CITY]))
    restaurant = restaurant if restaurant in choices else sorted(choices)[0]
    amount = Decimal(rng.randint(90, 190)) + Decimal("0.40")
    meal = Meal.objects.create(
        owner_id=guest.owner_id,
        date=day,
        time=dt.time(19, 30),
        restaurant=restaurant,
        restaurant_address=choices[restaurant],
        place=place,
        occasion=f"Jahresgespräch {day.year} mit {guest.organisation or guest.full_name}",
        business=True,
        amount=amount,
        tip=Decimal("9.60"),
    )
    MealParticipant.objects.create(
        owner_id=guest.owner_id, meal=meal, contact=guest, name=guest.full_name, rating=4
    )
    return meal
