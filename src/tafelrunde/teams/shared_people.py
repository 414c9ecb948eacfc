"""The people a team's other members share with one member, as a list to search and page.

What a colleague shares is decided by their membership (all, by kind, one by one: see
tafelrunde.teams.sharing); here that decision becomes one database query, so that a team of
many members with thousands of contacts each is counted and paged by the database, and each
person leaves this module only as `shared_view` builds them.

A person two colleagues know is one entry, as on Tonight's "through colleagues": their
records with the same name at the same organisation (name key and organisation key, both set;
tafelrunde.teams.colleagues groups them so) are one person, every other record a person of its
own. The database groups, counts and pages persons, never records, so that a page boundary
neither splits nor repeats anyone; then only the page's records are read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast

from tafelrunde.network.lookup import search_match
from tafelrunde.network.models import Contact
from tafelrunde.owned import Owner
from tafelrunde.teams.models import Membership, SharedContact
from tafelrunde.teams.sharing import KnownBy, closest_first, colleagues_of, known_by, shared_view

# A record that is one person with the team's other records of the same keys.
KEYED = ~Q(name_key="") & ~Q(organisation_key="")


@dataclass
class SharedPage:
    """One page of the shared people, and how many there are on all pages."""

    count: int
    items: list[dict]


def shared_in_team(viewer: Owner, team_id: int) -> tuple[QuerySet[Contact], dict[int, bool]]:
    """(the contacts the team's other members share with the viewer, owner id -> whether that
    owner shares phone numbers). Read fresh on every call: a member who left shares nothing."""
    others = list(Membership.objects.filter(team_id=team_id).exclude(user=viewer))
    phones = {membership.user_id: membership.share_phones for membership in others}
    # One by one: only the sharer's own contacts count, whatever a row says.
    chosen = SharedContact.objects.filter(
        membership__team_id=team_id, contact__owner_id=F("membership__user_id")
    ).exclude(membership__user=viewer)
    match = Q(pk__in=chosen.values("contact_id"))
    everything = [m.user_id for m in others if m.share_all]
    if everything:
        match |= Q(owner_id__in=everything)
    for membership in others:
        if membership.share_all or not membership.share_kinds:
            continue
        # Kinds are a JSON list of fixed names: '"customer"' matches that kind and no other.
        by_kind = Q()
        for kind in membership.share_kinds:
            by_kind |= Q(kinds_text__contains=f'"{kind}"')
        match |= Q(owner_id=membership.user_id) & by_kind
    contacts = (
        Contact.objects.annotate(kinds_text=Cast("kinds", TextField()))
        .filter(match)
        .exclude(owner=viewer)
    )
    return contacts, phones


def shared_people(
    viewer: Owner, team_id: int, query: str = "", *, limit: int = 50, offset: int = 0
) -> SharedPage:
    """The shared people with a record matching every word of `query` in name, organisation
    or place (all of them shared fields), by name, each exactly as `shared_view` shows them:
    who knows them best first (as Tonight's introductions), phone numbers from the sharers
    who share those, and the person's first record (the lowest id of those with the name
    they are sorted by) giving the id, name, organisation and, when it has one, the place."""
    contacts, phones = shared_in_team(viewer, team_id)
    persons = _persons(contacts, query.strip())
    if persons is None:
        return SharedPage(0, [])
    # How many on all pages comes with the page (a second grouping costs as much again).
    page = list(persons.annotate(total=Window(Count("*")))[offset : offset + limit])
    count = page[0]["total"] if page else persons.count() if offset else 0
    records: dict[tuple, list[Contact]] = {}
    for record in _records(contacts, page):
        records.setdefault(_person_of(record), []).append(record)
    colleagues = colleagues_of(viewer, team_id, one_by_one=False)  # names only
    known = known_by(
        colleagues,
        [(c.pk, c.owner_id, c.known_since) for group in records.values() for c in group],
    )
    items = [
        _entry(row["sort_name"], found, known, phones)
        for row in page
        if (found := records.get(_key(row)))  # unshared since the page was read: left out
    ]
    return SharedPage(count, items)


def _persons(contacts: QuerySet[Contact], query: str) -> QuerySet | None:
    """One row per person among the contacts (their keys, the name of theirs that sorts first
    and their lowest id), by that name; only those with a record matching the query, None
    when the query can match nobody."""
    persons = (
        contacts.annotate(
            person_name=Case(When(KEYED, then=F("name_key")), default=Value("")),
            person_organisation=Case(When(KEYED, then=F("organisation_key")), default=Value("")),
            person_contact=Case(
                When(KEYED, then=Value(0)), default=F("id"), output_field=IntegerField()
            ),
        )
        .values("person_name", "person_organisation", "person_contact")
        .annotate(sort_name=Min("full_name"), first_id=Min("id"))
        .order_by("sort_name", "first_id")
    )
    if query:
        match = search_match(query)
        if match is None:
            return None
        # A person with any matching record: all their records are read, to count and show.
        hit = Max(Case(When(match, then=Value(1)), default=Value(0)))
        persons = persons.alias(hit=hit).filter(hit=1)
    return persons


def _records(contacts: QuerySet[Contact], page: list[dict]) -> list[Contact]:
    """Every shared record of the page's persons (whatever matched the query), by id."""
    if not page:
        return []
    match = Q(pk__in=[row["person_contact"] for row in page if row["person_contact"]])
    for row in page:
        if not row["person_contact"]:
            match |= Q(name_key=row["person_name"], organisation_key=row["person_organisation"])
    return list(
        contacts.filter(match).select_related("place").prefetch_related("phones").order_by("id")
    )


def _key(row: dict) -> tuple:
    return (row["person_name"], row["person_organisation"], row["person_contact"])


def _person_of(contact: Contact) -> tuple:
    if contact.name_key and contact.organisation_key:
        return (contact.name_key, contact.organisation_key, 0)
    return ("", "", contact.pk)


def _entry(
    name: str, records: list[Contact], known: dict[int, KnownBy], phones: dict[int, bool]
) -> dict:
    """One person from all their shared records (by id)."""
    named = [record for record in records if record.full_name == name]
    first = named[0] if named else min(records, key=lambda record: (record.full_name, record.pk))
    best = sorted((r for r in records if r.pk in known), key=lambda r: closest_first(known[r.pk]))
    place = first.place or next((r.place for r in best if r.place), None)
    numbers = [
        phone.number
        for record in best
        if phones.get(record.owner_id)
        for phone in record.phones.all()
    ]
    return shared_view(
        first.pk,
        first.full_name,
        first.organisation,
        place,
        [known[record.pk] for record in best],
        list(dict.fromkeys(numbers)) or None,
    )
