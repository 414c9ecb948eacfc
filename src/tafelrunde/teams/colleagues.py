"""Tonight with a team: people near the place whom colleagues know and the viewer does not
("through colleagues"), a colleague's recent dinner or invitation with someone on the
viewer's own list (no double invitations; tafelrunde.teams.colleague_notes), and colleagues
who are in the same place (tafelrunde.teams.colleagues_here).

Only what colleagues chose to share is read (tafelrunde.teams.sharing decides), and only
SHARED_FIELDS of it leaves this module. A person both know is one person: the viewer's own
contacts and colleagues' contacts are matched as imports match (a shared e-mail or phone,
the same name at the same organisation; tafelrunde.network.matching), so someone the viewer
knows never shows up as a colleague's, and two colleagues who know the same person make one
entry with both of them. What an introduction says: tafelrunde.teams.introductions.

The cost follows the best people near the place, not the size of the team's networks: they
are read only as far as the best can live (tafelrunde.teams.people_near), matched to the
viewer's network a chunk at a time only until nobody later can rank higher (one statement
for a chunk's e-mails and phones, one for the same ones elsewhere), and only the few shown
get their records, numbers and meals read. benchmarks/teams.py measures it for a team of 50.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tafelrunde.accounts.models import display_name_of
from tafelrunde.core.ranking import COLLEAGUE_RECENTLY_POINTS, Ranking
from tafelrunde.network.matching import Keys, Matcher
from tafelrunde.network.models import Contact, Email, Phone, Place
from tafelrunde.owned import Owner
from tafelrunde.teams.colleague_notes import Notes
from tafelrunde.teams.colleagues_here import ColleagueHere, colleagues_here
from tafelrunde.teams.introductions import Introduction, message_to, reasons_for
from tafelrunde.teams.models import Membership
from tafelrunde.teams.people_near import Person, people_near
from tafelrunde.teams.sharing import (
    Colleague,
    chosen_by,
    closest_first,
    colleagues_of,
    known_by,
    shared_by,
)
from tafelrunde.tonight.call_list import CallList, kinds_of, ranked_call_list, rest_days
from tafelrunde.tonight.history import iso_date
from tafelrunde.tonight.sql import listed, place_columns, place_of, select, value_table

CHUNK = 50  # people matched against the viewer's network at a time, best first
WANT_PER_INTRODUCTION = 2  # the best people first known for certain, per introduction
# The e-mails (1) and phones (0) of a chunk's records (by their ids: the contacts' indexes).
CHUNK_VALUES = f"""
SELECT e.contact_id, 1, e.address
FROM {{ids}} JOIN {Email._meta.db_table} e ON e.contact_id = ids.value
UNION ALL
SELECT p.contact_id, 0, p.number
FROM {{ids}} JOIN {Phone._meta.db_table} p ON p.contact_id = ids.value
"""


@dataclass
class TeamTonight:
    """The viewer's own call list (with colleagues' notes), and what the team adds."""

    own: CallList
    through_colleagues: list[Introduction]
    colleagues_here: list[ColleagueHere]
    in_a_team: bool


def team_tonight(
    viewer: Owner,
    place: Place,
    day: dt.date,
    *,
    radius_km: float = 50,
    limit: int = 10,
    introductions: int = 5,
    now: dt.datetime | None = None,
) -> TeamTonight:
    """Tonight for the viewer: their own list, and for a team member what colleagues add."""
    colleagues = colleagues_of(viewer, one_by_one=False)  # the queries below say
    notes = Notes(viewer, day, colleagues) if colleagues else None
    own = ranked_call_list(
        viewer, place, day, radius_km=radius_km, limit=limit, now=now, colleague_notes=notes
    )
    if not colleagues:
        in_a_team = Membership.objects.filter(user=viewer).exists()
        return TeamTonight(own, [], [], in_a_team)
    through = through_colleagues(
        viewer, place, day, colleagues, radius_km=radius_km, limit=introductions, notes=notes
    )
    here = colleagues_here(colleagues, place, day, radius_km)
    return TeamTonight(own, through, here, True)


# Through colleagues ----------------------------------------------------------------------


def _memberships(colleagues) -> list[int]:
    return [pk for colleague in colleagues.values() for pk in colleague.memberships]


def through_colleagues(
    viewer: Owner,
    place: Place,
    day: dt.date,
    colleagues: dict[int, Colleague],
    *,
    radius_km: float = 50,
    limit: int = 5,
    notes: Notes | None = None,
) -> list[Introduction]:
    """The best `limit` people near the place whom colleagues share and the viewer does not
    know, each with who knows them and a ready request for an introduction."""
    if not colleagues or limit <= 0:
        return []
    ranking = Ranking(day, rest_days(), gettext=_)
    notes = notes or Notes(viewer, day, colleagues)
    want = WANT_PER_INTRODUCTION * limit
    while True:  # as many of the best people as it takes to be sure of the first `limit`
        people, certain = people_near(viewer, place, radius_km, colleagues, ranking, want)
        found = _unknown_people(viewer, people, certain, colleagues, notes, limit)
        if found is not None:
            break
        want *= 4  # the viewer knows most of these: look at more of them
    best = _introductions(_contenders(found, limit), place, colleagues, notes)
    if best:  # the words, for those shown only
        host = display_name_of(viewer)
        for intro in best:
            intro.reasons = reasons_for(intro, place)
            intro.message = message_to(intro, host, place, day)
    return best


def _contenders(found: list[tuple[float, Person]], limit: int) -> list[Person]:
    """The best `limit` of the (score, person) found, best first."""
    ranked = sorted(found, key=lambda item: item[1].rank(item[0]))
    return [person for _score, person in ranked[:limit]]


def _unknown_people(
    viewer: Owner, people: list[Person], certain: int, colleagues, notes, limit: int
) -> list[tuple[float, Person]] | None:
    """(score, person) for the best people the viewer does not know, the score after the
    colleagues' notes, a chunk at a time, until the first `limit` of them are known: nobody
    after them scores more before the notes (which only take points away); None when that
    would need more than the first `certain` people (of whom the order is known)."""
    found: list[tuple[float, Person]] = []
    taken: set[int] = set()
    for start in range(0, certain, CHUNK):
        end = min(start + CHUNK, certain)
        chunk = [p for p in people[start:end] if not taken.intersection(p.ids())]
        for person in _unknown_to(viewer, chunk, colleagues, taken):
            noted = any(notes.about_theirs(sorted(person.ids())).values())
            found.append((person.score + (COLLEAGUE_RECENTLY_POINTS if noted else 0.0), person))
        if end >= len(people):
            return found  # everyone in the radius
        if len(found) >= limit:
            last = sorted(person.rank(score) for score, person in found)[limit - 1]
            if last < people[end].rank(people[end].score):
                return found  # the next, and all after them, rank below the first `limit`
    return found if certain >= len(people) else None


def _unknown_to(viewer: Owner, chunk: list[Person], colleagues, taken: set[int]):
    """The people of the chunk the viewer does not know, each with every colleague's record
    of them (also records found by a shared e-mail or phone elsewhere in the team)."""
    ids = [pk for person in chunk for pk in person.ids()]
    emails, phones = defaultdict(set), defaultdict(set)
    for contact_id, is_email, value in select(Contact, CHUNK_VALUES, {}, ids) if ids else ():
        if is_email:
            emails[contact_id].add(value.lower())
        else:
            phones[contact_id].add(value)
    keys = []
    for person in chunk:
        first = person.rows[0]
        person_emails = sorted({e for row in person.rows for e in emails[row[0]]})
        person_phones = sorted({p for row in person.rows for p in phones[row[0]]})
        keys.append(Keys(None, person_emails, person_phones, first[6] or "", first[7] or ""))
    mine, others = _same_people(viewer, keys, colleagues)
    keys_of = dict(zip((min(p.ids()) for p in chunk), keys, strict=True))
    for person, person_keys in zip(chunk, keys, strict=True):
        if taken.intersection(person.ids()):
            continue  # folded into a better-ranked person of this chunk
        extra = [
            row
            for address in (*person_keys.emails, *person_keys.phones)
            for row in others.get(address, ())
            if row[0] not in taken
        ]
        known_ids = person.ids()
        for row in extra:
            if row[0] not in known_ids:
                person.rows.append(row)
                known_ids.add(row[0])
        taken.update(known_ids)
        # The viewer knows them by any of their records' keys: on the viewer's own list, then.
        folded = [keys_of[pk] for pk in known_ids if pk in keys_of]
        if not any(mine.find(k) is not None for k in [person_keys, *folded]):
            yield person


def _same_people(viewer: Owner, keys: list[Keys], colleagues) -> tuple[Matcher, dict[str, list]]:
    """The viewer's Matcher loaded for these keys (their e-mails, phones and names), and e-mail
    or phone -> the visible colleagues' contacts with it, wherever they live (as Person rows):
    one statement, by the key-first indexes of e-mails and phones and the viewer's (owner,
    name key) index."""
    mine = Matcher(viewer)
    owners, chosen = listed([viewer.pk, *colleagues]), shared_by(colleagues)
    found: dict[str, dict[int, tuple]] = defaultdict(dict)
    parts, params = [], {"viewer": viewer.pk}
    for kind, values in (
        (BY_EMAIL, sorted({e for k in keys for e in k.emails})),
        (BY_PHONE, sorted({p for k in keys for p in k.phones})),
        (BY_NAME, sorted({k.name for k in keys if k.name})),
    ):
        if values:
            table, more = value_table(values, Contact, f"values{kind}")
            parts.append(SAME_VALUE[kind].format(values=table, owners=owners, chosen=chosen))
            params |= more
    namesakes = []
    for kind, value, do_not_invite, *row in (
        select(Contact, "\nUNION ALL\n".join(parts), params) if parts else ()
    ):
        if kind == BY_NAME:  # the viewer's contacts of these names, as Matcher.load has them
            namesakes.append((row[0], value, row[7]))
            continue
        key = value.lower() if kind == BY_EMAIL else value
        if row[1] == viewer.pk:
            (mine.by_email if kind == BY_EMAIL else mine.by_phone).setdefault(key, row[0])
            continue
        kinds = kinds_of(row[5])
        colleague = colleagues.get(row[1])
        if do_not_invite or colleague is None or not colleague.sees(row[0], kinds, (row[9],)):
            continue
        found[key][row[0]] = (*row[:5], kinds, *row[6:])
    for contact_id, name, organisation in sorted(namesakes):
        mine.by_name[name].append((contact_id, organisation))
    return mine, {key: [by_id[pk] for pk in sorted(by_id)] for key, by_id in found.items()}


# What a row of SAME_VALUE is about: an e-mail, a phone, or (the viewer's contacts) a name.
BY_PHONE, BY_EMAIL, BY_NAME = 0, 1, 2
# The kind, the e-mail, phone or name key, do not invite, and the Person row of contacts:
# the viewer's and the colleagues' with one of these e-mails or phones ({values}), by the
# key-first indexes of e-mails and phones, wherever the contacts live; the viewer's with one
# of these name keys, by the (name key, organisation key) index ("owner_id + 0": else
# PostgreSQL reads all the viewer's contacts by owner and hashes them, 3 ms for 5,000). The
# parts go as one statement (UNION ALL). CROSS JOIN keeps SQLite to this order.
_PERSON_ROW = """c.id, c.owner_id, c.latitude, c.longitude, c.place_id, CAST(c.kinds AS TEXT),
       c.name_key, c.organisation_key, CAST(c.known_since AS TEXT)"""
SAME_VALUE = {
    kind: f"""
SELECT {kind}, x.{column}, c.do_not_invite, {_PERSON_ROW}, {{chosen}}
FROM {{values}} CROSS JOIN {model._meta.db_table} x CROSS JOIN {Contact._meta.db_table} c
WHERE x.{column} = vals.value AND x.owner_id IN ({{owners}}) AND c.id = x.contact_id
"""
    for kind, model, column in ((BY_EMAIL, Email, "address"), (BY_PHONE, Phone, "number"))
}
SAME_VALUE[BY_NAME] = f"""
SELECT {BY_NAME}, c.name_key, c.do_not_invite, {_PERSON_ROW}, NULL
FROM {{values}} CROSS JOIN {Contact._meta.db_table} c
WHERE c.name_key = vals.value AND c.owner_id + 0 = %(viewer)s
"""


@dataclass
class _Record:
    """What an introduction shows of one colleague's contact of the person."""

    owner_id: int
    full_name: str
    organisation: str
    kinds: tuple[str, ...]
    place: Place | None
    phones: list[str]


def _records(ids: list[int]) -> dict[int, _Record]:
    """Contact id -> _Record of these contacts, in the contacts' own order (Contact.Meta),
    with their places and phone numbers: two plain statements, not the ORM's model machinery
    for a few rows (a third of an introduction's time)."""
    found: dict[int, _Record] = {}
    sql = INTRODUCED.replace("{place}", place_columns("p"))
    for pk, owner_id, full_name, organisation, kinds, *place in select(Contact, sql, {}, ids):
        found[pk] = _Record(owner_id, full_name, organisation, kinds_of(kinds), place_of(place), [])
    for contact_id, number in select(Phone, INTRODUCED_PHONES, {}, ids):
        found[contact_id].phones.append(number)
    return found


# The contacts of introductions with their places ({place}: its columns, p.…), in the order
# of Contact.Meta.ordering; their phone numbers in the order of Phone.Meta.ordering.
INTRODUCED = f"""
SELECT c.id, c.owner_id, c.full_name, c.organisation, CAST(c.kinds AS TEXT), {{place}}
FROM {{ids}} JOIN {Contact._meta.db_table} c ON c.id = ids.value
LEFT JOIN {Place._meta.db_table} p ON p.id = c.place_id
ORDER BY c.family_name, c.given_name, c.full_name
"""
INTRODUCED_PHONES = f"""
SELECT p.contact_id, p.number
FROM {{ids}} JOIN {Phone._meta.db_table} p ON p.contact_id = ids.value
ORDER BY p.id
"""


def _introductions(
    people: list[Person], place: Place, colleagues, notes: Notes
) -> list[Introduction]:
    """An introduction for each of these people (the few who may be shown), their words
    (reasons, message) left to fill: one query each for all their contacts, phones and meals
    together (the colleagues' notes are read already)."""
    ids = sorted({pk for person in people for pk in person.ids()})
    if not ids:
        return []
    contacts = _records(ids)
    records = [
        (row[0], row[1], iso_date(row[8]))
        for person in people
        for row in person.rows
        if row[0] in contacts
    ]
    known = known_by(colleagues, records)
    texts = notes.about_theirs(ids)
    # Which memberships share a contact one by one matters only for the phone numbers of a
    # colleague who shares those by hand (mostly nobody: no query then).
    by_hand = [
        pk for pk, contact in contacts.items()
        if colleagues[contact.owner_id].phones_by_hand(contact.kinds)
    ]  # fmt: skip
    chosen = chosen_by(_memberships(colleagues), by_hand) if by_hand else {}
    return [
        _introduction(person, place, colleagues, contacts, known, texts, chosen)
        for person in people
    ]


def _introduction(
    person: Person, place: Place, colleagues, contacts: dict[int, _Record], known: dict,
    texts: dict, chosen: dict[int, set[int]],
) -> Introduction:  # fmt: skip
    person_ids = person.ids()
    ids = sorted(person_ids)
    entries = sorted(
        ((row[0], known[row[0]]) for row in person.rows if row[0] in known),
        key=lambda item: closest_first(item[1]),
    )
    best_id = entries[0][0] if entries else ids[0]
    best = contacts[best_id]
    phones = [
        number
        for pk in ids
        if pk in contacts
        and colleagues[contacts[pk].owner_id].phones_of(pk, contacts[pk].kinds, chosen.get(pk, ()))
        for number in contacts[pk].phones
    ]
    organisation = best.organisation or next(
        (c.organisation for pk, c in contacts.items() if pk in person_ids and c.organisation), ""
    )
    theirs = {pk: text for pk, text in texts.items() if pk in person_ids}
    note = theirs.get(best_id, "") or next((text for text in theirs.values() if text), "")
    return Introduction(
        name=best.full_name,
        organisation=organisation,
        place=best.place,
        distance_km=person.km,
        score=person.score + (COLLEAGUE_RECENTLY_POINTS if note else 0.0),
        reasons=[],
        known=[entry for _pk, entry in entries],
        introducer=colleagues[best.owner_id],
        message="",
        contact_ids=[best_id] + [pk for pk, _entry in entries if pk != best_id],
        phones=list(dict.fromkeys(phones)),
        colleague_note=note,
    )
