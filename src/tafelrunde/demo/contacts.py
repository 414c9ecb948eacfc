"""The demo's contacts: drafted in memory from a seeded random generator, saved in bulk,
then located through the app's own path (network.location.locate_contact)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import prefetch_related_objects

from tafelrunde.core.names import person_key
from tafelrunde.demo.geography import (
    COUNTRY_CALLING_CODES,
    COUNTRY_NAMES,
    MOBILE_PREFIXES,
    NATIONAL_LENGTH,
    REGIONS,
    Town,
    region_of,
    town_named,
)
from tafelrunde.demo.people import (
    Person,
    make_organisation,
    make_person,
    make_role,
    private_email,
    weighted,
    work_email,
)
from tafelrunde.demo.stories import STORIES, Story
from tafelrunde.network.location import locate_contact
from tafelrunde.network.models import Address, Contact, ContactSource, Email, Kind, Phone

if TYPE_CHECKING:
    from tafelrunde.owned import Owner

OWN_COMPANY = "Neckar Fluidtechnik GmbH"
BUSINESS_KINDS = {Kind.CUSTOMER, Kind.PROSPECT, Kind.SUPPLIER, Kind.PARTNER, Kind.SOCIAL_NETWORK}
KIND_WEIGHTS = (
    (Kind.CUSTOMER, 25),
    (Kind.PROSPECT, 10),
    (Kind.SUPPLIER, 14),
    (Kind.PARTNER, 9),
    (Kind.COLLEAGUE, 10),
    (Kind.FRIEND, 9),
    (Kind.SCHOOL_FRIEND, 4),
    (Kind.SOCIAL_NETWORK, 15),
    (Kind.OTHER, 4),
)
SOURCES = {
    "vcard": "iPhone-Kontakte.vcf",
    "outlook-csv": "Outlook-Kontakte.csv",
    "google-csv": "Google Kontakte.csv",
    "linkedin-csv": "LinkedIn Connections.csv",
    "demo": "Demo network",
}


@dataclass
class Draft:
    """A contact and its children (unsaved until save_contacts); `story` for hand-written ones."""

    contact: Contact
    children: list = field(default_factory=list)
    story: Story | None = None
    has_mobile: bool = False


def draft_contacts(owner: Owner, rng: random.Random, today: dt.date, count: int) -> list[Draft]:
    """The hand-written people first, then generated ones spread over Europe (count in all)."""
    drafts = [draft_story(owner, rng, story, today) for story in STORIES]
    taken = {person_key(d.contact.given_name, d.contact.family_name) for d in drafts}
    for number, town in enumerate(allocate_towns(rng, count - len(drafts)), start=1):
        for _attempt in range(30):  # distinct names, so "Jörg Müller" names one person
            person = make_person(rng, town.country)
            if person_key(person.given, person.family) not in taken:
                break
        taken.add(person_key(person.given, person.family))
        drafts.append(draft_generated(owner, rng, person, town, today, number))
    return drafts


def allocate_towns(rng: random.Random, count: int) -> list[Town]:
    """Towns for `count` people: regions by their share (largest remainder), towns by weight."""
    total = sum(region.share for region in REGIONS)
    exact = [count * region.share / total for region in REGIONS]
    sizes = [int(x) for x in exact]
    by_remainder = sorted(range(len(REGIONS)), key=lambda i: exact[i] - sizes[i], reverse=True)
    for i in by_remainder[: count - sum(sizes)]:
        sizes[i] += 1
    towns: list[Town] = []
    for region, size in zip(REGIONS, sizes, strict=True):
        towns += [weighted(rng, region.towns) for _ in range(size)]
    return towns


def draft_generated(
    owner: Owner, rng: random.Random, person: Person, town: Town, today: dt.date, number: int
) -> Draft:
    """Someone living in `town`: kinds, organisation, role, and how the host can reach them."""
    kinds = pick_kinds(rng)
    business = bool(BUSINESS_KINDS & set(kinds))
    organisation = ""
    if Kind.COLLEAGUE in kinds and region_of(town).key == "stuttgart":
        organisation = OWN_COMPANY
    elif business or Kind.COLLEAGUE in kinds or rng.random() < 0.3:
        organisation = make_organisation(rng, town.country, region_of(town).org_prefixes)
    private = bool({Kind.FRIEND, Kind.SCHOOL_FRIEND} & set(kinds))
    contact = Contact(
        owner=owner,
        salutation=person.salutation,
        title=person.title,
        given_name=person.given,
        family_name=person.family,
        organisation=organisation,
        role=make_role(rng, person, business or bool(organisation)),
        kinds=kinds,
        importance=pick_importance(rng, kinds),
        language=person.language,
        address_form="du" if private or (Kind.COLLEAGUE in kinds and rng.random() < 0.6) else "sie",
        known_since=pick_known_since(rng, kinds, today),
        birthday=pick_birthday(rng),
        do_not_invite=rng.random() < 0.015,
    )
    draft = Draft(contact)
    add_ways_to_reach(draft, rng, person, town, business)
    add_source(draft, pick_source(rng, kinds), number)
    return draft


def add_ways_to_reach(
    draft: Draft, rng: random.Random, person: Person, town: Town, business: bool
) -> None:
    """Mostly address, phones and e-mail; some only an old landline (located by its area
    code), a few only a mobile and an e-mail (which say nothing about where they live)."""
    line = "work" if business else "home"
    reach = rng.random()
    if reach < 0.03:
        add_mobile(draft, rng, town.country)
        add_email(draft, rng, person, business)
    elif reach < 0.22 and town.country in {"DE", "AT", "CH"}:
        add_landline(draft, rng, town, line)
        if rng.random() < 0.5:
            add_email(draft, rng, person, business)
    else:
        add_address(draft, rng, town, line)
        if rng.random() < 0.8:
            add_landline(draft, rng, town, line)
        if rng.random() < 0.85:
            add_mobile(draft, rng, town.country)
        add_email(draft, rng, person, business)


def pick_source(rng: random.Random, kinds: list[str]) -> str:
    """Which export the contact seems to come from (most social-network people: LinkedIn)."""
    if Kind.SOCIAL_NETWORK in kinds and rng.random() < 0.6:
        return "linkedin-csv"
    return weighted(rng, (("vcard", 50), ("outlook-csv", 25), ("google-csv", 15), ("demo", 10)))


def draft_story(owner: Owner, rng: random.Random, story: Story, today: dt.date) -> Draft:
    """A hand-written person, with exactly the ways to reach them the story gives."""
    town = town_named(story.town)
    known = story.known_since
    person = Person(story.given, story.family, story.female, story.language, story.title)
    contact = Contact(
        owner=owner,
        salutation=person.salutation,
        title=story.title,
        given_name=story.given,
        family_name=story.family,
        organisation=story.organisation,
        role=story.role,
        kinds=list(story.kinds),
        importance=story.importance,
        language=story.language,
        address_form=story.address_form,
        known_since=today - dt.timedelta(days=known) if isinstance(known, int) else known,
        birthday=story.birthday,
        do_not_invite=story.do_not_invite,
        notes=story.notes,
    )
    draft = Draft(contact, story=story)
    if story.street:
        add_address(draft, rng, town, "work" if story.organisation else "home", story.street)
    if story.landline:
        add_landline(draft, rng, town, "work" if story.organisation else "home")
    if story.mobile:
        add_mobile(draft, rng, town.country)
    if story.email != "none":
        add_email(draft, rng, person, story.email == "work")
    add_source(draft, story.source, STORIES.index(story) + 1000)
    return draft


def pick_kinds(rng: random.Random) -> list[str]:
    kinds = [weighted(rng, KIND_WEIGHTS)]
    if kinds[0] in {Kind.CUSTOMER, Kind.SUPPLIER, Kind.PARTNER} and rng.random() < 0.12:
        kinds.append(Kind.FRIEND)  # the customer who became a friend
    elif kinds[0] == Kind.SOCIAL_NETWORK and rng.random() < 0.3:
        kinds.append(Kind.PROSPECT)
    return [str(kind) for kind in kinds]


def pick_importance(rng: random.Random, kinds: list[str]) -> int:
    if Kind.CUSTOMER in kinds:
        return weighted(rng, ((3, 3), (4, 4), (5, 2)))
    if Kind.SOCIAL_NETWORK in kinds or Kind.OTHER in kinds:
        return weighted(rng, ((1, 3), (2, 4), (3, 2)))
    return weighted(rng, ((2, 2), (3, 4), (4, 3), (5, 1)))


def pick_known_since(rng: random.Random, kinds: list[str], today: dt.date) -> dt.date:
    if Kind.SCHOOL_FRIEND in kinds:
        return dt.date(rng.randint(1988, 1996), 9, 1)
    # Most of a network is recent; a long tail reaches back 25 years.
    days = int(rng.triangular(60, 25 * 365, 4 * 365))
    return today - dt.timedelta(days=days)


def pick_birthday(rng: random.Random) -> dt.date | None:
    if rng.random() > 0.4:
        return None
    return dt.date(rng.randint(1955, 1992), 1, 1) + dt.timedelta(days=rng.randint(0, 364))


def digits(rng: random.Random, n: int) -> str:
    """A subscriber number of n digits (never starting with 0 or 1)."""
    return str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))


def add_landline(draft: Draft, rng: random.Random, town: Town, kind: str) -> None:
    area = town.area_code[len(COUNTRY_CALLING_CODES[town.country]) :]
    length = NATIONAL_LENGTH[town.country] + (rng.random() < 0.4 and len(area) == 3)
    number = f"+{town.area_code}{digits(rng, length - len(area))}"
    draft.children.append(
        Phone(owner=draft.contact.owner, contact=draft.contact, number=number, type=kind)
    )


def add_mobile(draft: Draft, rng: random.Random, country: str) -> None:
    prefix, length = rng.choice(MOBILE_PREFIXES[country])
    number = f"+{prefix}{digits(rng, length)}"
    draft.children.append(
        Phone(
            owner=draft.contact.owner, contact=draft.contact, number=number, type=Phone.Type.MOBILE
        )
    )
    draft.has_mobile = True


def add_email(draft: Draft, rng: random.Random, person: Person, work: bool) -> None:
    organisation = draft.contact.organisation
    address = (
        work_email(rng, person, organisation)
        if work and organisation
        else private_email(rng, person)
    )
    draft.children.append(
        Email(
            owner=draft.contact.owner,
            contact=draft.contact,
            address=address,
            type="work" if work else "home",
        )
    )


def add_address(draft: Draft, rng: random.Random, town: Town, kind: str, street: str = "") -> None:
    if not street:
        name, number = rng.choice(town.streets), str(rng.randint(1, 160))
        number += rng.choice(("", "", "", "", "a", "b"))
        street = f"{number} {name}" if town.country == "FR" else f"{name} {number}"
    draft.children.append(
        Address(
            owner=draft.contact.owner,
            contact=draft.contact,
            type=kind,
            street=street,
            postal_code=rng.choice(town.postal_codes),
            city=town.name,
            country=COUNTRY_NAMES[town.country],
        )
    )


def add_source(draft: Draft, kind: str, number: int) -> None:
    draft.children.append(
        ContactSource(
            owner=draft.contact.owner,
            contact=draft.contact,
            kind=kind,
            label=SOURCES[kind],
            external_id=f"demo-{number:04d}",
        )
    )


def save_contacts(drafts: list[Draft]) -> None:
    """Save contacts and their children in a few queries (keys computed as save() would)."""
    for draft in drafts:
        draft.contact.refresh_keys()
    Contact.objects.bulk_create([d.contact for d in drafts])
    rows = [row for d in drafts for row in d.children]
    for model in (Phone, Email, Address, ContactSource):
        model.objects.bulk_create([row for row in rows if type(row) is model])


def locate_contacts(contacts: list[Contact], default_country: str = "DE") -> int:
    """Locate saved contacts the way the app does; the number located."""
    prefetch_related_objects(contacts, "addresses", "phones")
    for contact in contacts:
        locate_contact(contact, default_country=default_country)
    fields = ["place", "latitude", "longitude", "location_source", "location_confidence"]
    Contact.objects.bulk_update(contacts, fields, batch_size=500)
    return sum(1 for contact in contacts if contact.place_id)
