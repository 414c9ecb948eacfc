"""What a member lets a team see, and what a colleague sees of it.

Sharing is chosen, never assumed: nothing is shared until the member says so, one contact at
a time, by kind, or all. What a colleague sees of a shared contact is exactly
`SHARED_FIELDS` (and the phone numbers when the sharer shares those too): `shared_view`
is the one place that builds it, and tests/teams/test_shared_fields.py checks every page, API
answer and export against it, so that a new field of a contact stays private until someone
decides otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tafelrunde.accounts.models import Profile
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.network.models import Contact, Kind, Place
from tafelrunde.owned import Owner
from tafelrunde.teams.membership import TeamError
from tafelrunde.teams.models import Membership, SharedContact, Team
from tafelrunde.tonight.call_list import kinds_of
from tafelrunde.tonight.history import iso_date
from tafelrunde.tonight.sql import listed, rows, select

# What a team sees of a shared contact; "phones" only when its sharer shares phone numbers.
SHARED_FIELDS = ("contact_id", "name", "organisation", "place", "known_by")
KNOWN_BY_FIELDS = ("colleague", "since", "last_seen", "times_met")
MAX_SHARED_AT_ONCE = 10_000


def set_sharing(
    membership: Membership,
    *,
    share_all: bool | None = None,
    kinds: Iterable[str] | None = None,
    trips: bool | None = None,
    phones: bool | None = None,
) -> Membership:
    """Change what the member shares with the team as a whole (None leaves a part as it is)."""
    if share_all is not None:
        membership.share_all = share_all
    if kinds is not None:
        chosen = sorted(set(kinds))
        unknown = [kind for kind in chosen if kind not in Kind.values]
        if unknown:
            raise TeamError(
                _("Unknown kind %(kind)s: one of %(kinds)s.")
                % {"kind": unknown[0], "kinds": ", ".join(Kind.values)}
            )
        membership.share_kinds = chosen
    if trips is not None:
        membership.share_trips = trips
    if phones is not None:
        membership.share_phones = phones
    membership.save(update_fields=["share_all", "share_kinds", "share_trips", "share_phones"])
    return membership


def share_contacts(
    membership: Membership, contacts: Iterable[Contact], *, undo: bool = False
) -> int:
    """Share (or with `undo` stop sharing) these contacts of the member one by one; how many
    changed. Contacts of another account are refused."""
    chosen = list(contacts)
    if any(contact.owner_id != membership.user_id for contact in chosen):
        raise TeamError(_("You can only share your own contacts."))
    if len(chosen) > MAX_SHARED_AT_ONCE:
        raise TeamError(_("At most %(n)d contacts at once.") % {"n": MAX_SHARED_AT_ONCE})
    ids = {contact.pk for contact in chosen}
    shared = SharedContact.objects.filter(membership=membership, contact_id__in=ids)
    if undo:
        return shared.delete()[0]
    with transaction.atomic():
        have = set(shared.values_list("contact_id", flat=True))
        rows = [SharedContact(membership=membership, contact_id=pk) for pk in sorted(ids - have)]
        SharedContact.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def shares(membership: Membership, contact: Contact) -> bool:
    """Whether the member's team sees this contact of theirs."""
    if contact.owner_id != membership.user_id:
        return False
    if membership.share_all or set(contact.kinds or ()) & set(membership.share_kinds):
        return True
    return SharedContact.objects.filter(membership=membership, contact=contact).exists()


# What colleagues share with me --------------------------------------------------------------


@dataclass
class Rule:
    """One colleague's sharing in one team (their membership of it)."""

    share_all: bool
    kinds: frozenset[str]
    contact_ids: set[int] | None  # shared one by one; None: not read, the caller says (chosen)
    phones: bool
    membership_id: int = 0

    def sees(self, contact_id: int, kinds: Iterable[str], chosen: Container[int] = ()) -> bool:
        if self.share_all or self.kinds.intersection(kinds):
            return True
        if self.contact_ids is None:
            return self.membership_id in chosen
        return contact_id in self.contact_ids


@dataclass
class Colleague:
    """Someone who shares at least one team with the viewer."""

    user_id: int
    name: str
    email: str
    language: str
    teams: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    trips: bool = False

    def sees(self, contact_id: int, kinds: Iterable[str], chosen: Container[int] = ()) -> bool:
        """Whether the viewer may see this contact of the colleague's. Without the contacts
        shared one by one (colleagues_of(…, one_by_one=False)), `chosen` are memberships of
        the colleague's that share this one (one of them is enough; shared_by)."""
        kinds = tuple(kinds)
        return any(rule.sees(contact_id, kinds, chosen) for rule in self.rules)

    def phones_of(self, contact_id: int, kinds: Iterable[str], chosen: Container[int] = ()) -> bool:
        """Whether the colleague shares this contact's phone numbers with the viewer (without
        the contacts shared one by one, `chosen` must be every membership that shares it)."""
        kinds = tuple(kinds)
        return any(rule.phones and rule.sees(contact_id, kinds, chosen) for rule in self.rules)

    def phones_by_hand(self, kinds: Iterable[str]) -> bool:
        """Whether phones_of a contact with these kinds depends on its being shared one by
        one: the colleague shares phones in a team where they share by hand, not this kind."""
        kinds = tuple(kinds)
        return any(
            rule.phones and not rule.share_all and not rule.kinds.intersection(kinds)
            for rule in self.rules
        )

    @property
    def memberships(self) -> list[int]:
        return [rule.membership_id for rule in self.rules]

    @property
    def broad(self) -> bool:
        """Shares by kind or all, not only one by one."""
        return any(rule.share_all or rule.kinds for rule in self.rules)

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


def colleagues_of(
    viewer: Owner, team_id: int | None = None, *, one_by_one: bool = True
) -> dict[int, Colleague]:
    """User id -> Colleague, for everyone in a team with the viewer (or in that one team),
    with what they share with it. Read fresh on every call: a member who left is gone.

    Without `one_by_one`, the contacts shared one by one are not read (thousands in a team
    that shares by hand): the caller's queries say which of theirs are (shared_by)."""
    # Plain SQL, memberships with their team, account and profile in one statement: asked
    # on every Tonight, where the ORM took longer to write it than the database to answer.
    one_team = "AND v.team_id = %(team)s" if team_id is not None else ""
    others = select(
        Membership, COLLEAGUES.format(one_team=one_team), {"viewer": viewer.pk, "team": team_id}
    )
    if not others:
        return {}
    # Thousands of rows for a team that shares by hand: as the driver gives them, and
    # only for memberships whose rules need them (sharing all makes them moot).
    shared: dict[int, set[int]] = {}
    if one_by_one:
        chosen = SharedContact.objects.filter(
            membership__in=[row[0] for row in others if not row[2]]
        )
        pairs = rows(chosen.values_list("membership_id", "contact_id").order_by("membership_id"))
        shared = {
            membership_id: set(map(itemgetter(1), group))
            for membership_id, group in groupby(pairs, key=itemgetter(0))
        }
    found: dict[int, Colleague] = {}
    for (membership_id, user_id, share_all, share_kinds, share_trips, share_phones, team,
         username, first, last, email, full_name, page_language, language) in others:  # fmt: skip
        colleague = found.get(user_id)
        if colleague is None:  # a colleague reads in the language of their pages, else papers
            name = full_name or f"{first} {last}".strip() or username
            language = page_language or language or ""
            colleague = found[user_id] = Colleague(user_id, name, email, language)
        colleague.teams.append(team)
        colleague.trips = colleague.trips or bool(share_trips)
        colleague.rules.append(
            Rule(
                bool(share_all),
                frozenset(kinds_of(share_kinds)),
                shared.get(membership_id, set()) if one_by_one else None,
                bool(share_phones),
                membership_id,
            )
        )
    return found


# The memberships of everyone else in the viewer's teams ({one_team}: only that one), with
# their team's name, their account and their profile, by the order they joined.
COLLEAGUES = f"""
SELECT m.id, m.user_id, m.share_all, CAST(m.share_kinds AS TEXT), m.share_trips,
       m.share_phones, t.name, u.username, u.first_name, u.last_name, u.email,
       p.full_name, p.page_language, p.language
FROM {Membership._meta.db_table} m
JOIN {Team._meta.db_table} t ON t.id = m.team_id
JOIN {get_user_model()._meta.db_table} u ON u.id = m.user_id
LEFT JOIN {Profile._meta.db_table} p ON p.user_id = m.user_id
WHERE m.team_id IN (
    SELECT v.team_id FROM {Membership._meta.db_table} v
    WHERE v.user_id = %(viewer)s {{one_team}}
) AND m.user_id <> %(viewer)s
ORDER BY m.joined_at, m.id
"""


def shared_by(colleagues: dict[int, Colleague], contact: str = "c") -> str:
    """SQL: one of the colleagues' memberships that shares the contact (alias `contact`) one
    by one, NULL if none; only its owner's own memberships count, whatever a row says.

    Asked only of the contacts of colleagues for whom it can matter (Colleague.sees): who
    shares everything in one of the viewer's teams needs no look-up, nor does the viewer."""
    by_hand = {pk: c for pk, c in colleagues.items() if not any(r.share_all for r in c.rules)}
    if not by_hand:
        return "NULL"
    owners = listed(by_hand)
    chosen = listed(pk for colleague in by_hand.values() for pk in colleague.memberships)
    return (
        f"CASE WHEN {contact}.owner_id IN ({owners}) THEN "
        f"(SELECT MIN(s.membership_id) FROM {SharedContact._meta.db_table} s "
        f"JOIN {Membership._meta.db_table} sm ON sm.id = s.membership_id "
        f"WHERE s.contact_id = {contact}.id AND s.membership_id IN ({chosen}) "
        f"AND sm.user_id = {contact}.owner_id) END"
    )


def chosen_by(memberships: Iterable[int], ids: list[int]) -> dict[int, set[int]]:
    """Contact id -> every one of these memberships that shares it one by one."""
    found: dict[int, set[int]] = {}
    query = SharedContact.objects.filter(membership_id__in=list(memberships), contact_id__in=ids)
    for membership_id, contact_id in rows(query.values_list("membership_id", "contact_id")):
        found.setdefault(contact_id, set()).add(membership_id)
    return found


# What a colleague sees of a shared contact ------------------------------------------------


@dataclass(frozen=True)
class KnownBy:
    """Who in the team knows a person, since when, when they last met and how often."""

    colleague: str
    since: dt.date | None
    last_seen: dt.date | None
    times_met: int

    @classmethod
    def from_json(cls, data: dict) -> KnownBy:
        """Back from `as_json`: a page words what `shared_view` handed out (known_words)."""

        def day(text: str | None) -> dt.date | None:
            return dt.date.fromisoformat(text) if text else None

        return cls(data["colleague"], day(data["since"]), day(data["last_seen"]), data["times_met"])

    def as_json(self) -> dict:
        return {
            "colleague": self.colleague,
            "since": self.since.isoformat() if self.since else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "times_met": self.times_met,
        }


def closest_first(entry: KnownBy) -> tuple:
    """Sort key: who knows a person best comes first (the most meals together, then the most
    recent, then the longest known), as Tonight's introductions ask that colleague first."""
    return (
        -entry.times_met,
        -(entry.last_seen or dt.date.min).toordinal(),
        entry.since or dt.date.max,
    )


def known_by(
    colleagues: dict[int, Colleague], contacts: Iterable[tuple[int, int, dt.date | None]]
) -> dict[int, KnownBy]:
    """Contact id -> KnownBy for (contact id, owner id, known since) of colleagues' contacts:
    last seen and times met from the meals held together."""
    records = list(contacts)
    if not records:
        return {}
    met = {
        contact_id: (iso_date(last), count)
        for contact_id, last, count in select(
            MealParticipant,
            MET,
            {"held": Meal.Status.HELD, "today": timezone.localdate()},
            sorted({pk for pk, _owner, _since in records}),
        )
    }
    return {
        pk: KnownBy(colleagues[owner_id].name, since, *met.get(pk, (None, 0)))
        for pk, owner_id, since in records
        if owner_id in colleagues
    }


# The last meal held together with each of these contacts ({ids}) and how many there were:
# plain SQL, asked for every Tonight of a team member and every page of shared people.
MET = f"""
SELECT g.contact_id, MAX(m.date), COUNT(g.id)
FROM {{ids}} JOIN {MealParticipant._meta.db_table} g ON g.contact_id = ids.value
JOIN {Meal._meta.db_table} m ON m.id = g.meal_id
WHERE m.status = %(held)s AND m.date <= %(today)s
GROUP BY g.contact_id
"""


def shared_view(
    contact_id: int,
    name: str,
    organisation: str,
    place: Place | None,
    known: list[KnownBy],
    phones: list[str] | None = None,
) -> dict:
    """A shared person as a colleague sees them: SHARED_FIELDS, and phones when shared."""
    view = {
        "contact_id": contact_id,
        "name": name,
        "organisation": organisation,
        "place": place.as_json() if place else None,
        "known_by": [entry.as_json() for entry in known],
    }
    if phones:
        view["phones"] = phones
    return view
