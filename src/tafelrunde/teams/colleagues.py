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

The cost follows the best people near the place, not the size of the team's networks: box
queries by owner (the same (owner, latitude, longitude) index as the own list), first close
to the place and then only as far as the best can live (_people_near), scores in one pass,
and then matching, history and names for the few best, a chunk at a time with one query of
each kind for the whole chunk. benchmarks/teams.py measures it for a team of 50.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from tafelrunde.accounts.models import display_name_of
from tafelrunde.core.geo import bounding_box, distances_km
from tafelrunde.core.ranking import COLLEAGUE_RECENTLY_POINTS, Ranking, farthest_km
from tafelrunde.network.matching import Keys, Matcher
from tafelrunde.network.models import Contact, Email, Phone, Place
from tafelrunde.owned import Owner
from tafelrunde.teams.colleague_notes import Notes
from tafelrunde.teams.colleagues_here import ColleagueHere, colleagues_here
from tafelrunde.teams.introductions import Introduction, message_to, reasons_for
from tafelrunde.teams.models import Membership, SharedContact
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
from tafelrunde.tonight.sql import key_table, place_columns, place_of, select, value_table

CHUNK = 50  # people matched against the viewer's network at a time, best first
FIRST_KM = 1.5  # colleagues' people read first, to bound how far the best of them live
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


@dataclass
class _Person:
    """One person as one or more colleagues' contacts (rows of the box query)."""

    rows: list[tuple]
    km: float
    score: float = 0.0
    first_id: int = 0  # the least id of its records near the place: equals rank by it

    def rank(self, score: float) -> tuple[float, float, int]:
        """Its place in the order of introductions with this score: best first."""
        return -score, self.km, self.first_id


# id, owner, latitude, longitude, place, kinds, name key, organisation key
BOX_COLUMNS = ("id", "owner_id", "latitude", "longitude", "place_id")


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
        people, certain = _people_near(viewer, place, radius_km, colleagues, ranking, want)
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


def _contenders(found: list[tuple[float, _Person]], limit: int) -> list[_Person]:
    """The best `limit` of the (score, person) found, best first."""
    ranked = sorted(found, key=lambda item: item[1].rank(item[0]))
    return [person for _score, person in ranked[:limit]]


def _unknown_people(
    viewer: Owner, people: list[_Person], certain: int, colleagues, notes, limit: int
) -> list[tuple[float, _Person]] | None:
    """(score, person) for the best people the viewer does not know, the score after the
    colleagues' notes, a chunk at a time, until the first `limit` of them are known: nobody
    after them scores more before the notes (which only take points away); None when that
    would need more than the first `certain` people (of whom the order is known)."""
    found: list[tuple[float, _Person]] = []
    taken: set[int] = set()
    for start in range(0, certain, CHUNK):
        end = min(start + CHUNK, certain)
        chunk = [p for p in people[start:end] if not taken.intersection(_ids(p))]
        for person in _unknown_to(viewer, chunk, colleagues, taken):
            noted = any(notes.about_theirs(sorted(_ids(person))).values())
            found.append((person.score + (COLLEAGUE_RECENTLY_POINTS if noted else 0.0), person))
        if end >= len(people):
            return found  # everyone in the radius
        if len(found) >= limit:
            last = sorted(person.rank(score) for score, person in found)[limit - 1]
            if last < people[end].rank(people[end].score):
                return found  # the next, and all after them, rank below the first `limit`
    return found if certain >= len(people) else None


def _people_near(
    viewer: Owner, place: Place, radius_km: float, colleagues, ranking: Ranking, want: int
) -> tuple[list[_Person], int]:
    """The colleagues' people within the radius, best first, as far as needed: how many of
    the first of them are those of the whole radius, in its order (all, or at least `want`).

    A team knows many times more people near a place than one member: rather than all of
    them, read those within FIRST_KM (farther where fewer than `want` live that close, as far
    as their density suggests); the score of the `want`th best of them there bounds
    how far anyone as good can live (farthest_km); read those within that distance, and
    every record elsewhere in the radius of the same people (the same name at the same
    organisation), whose kinds and places count too.
    """
    first = min(radius_km, FIRST_KM)
    while first < radius_km:
        near = _shared_near(viewer, place, first, colleagues)
        partial = _people(near, place, ranking)
        if len(partial) < want:  # too few this close: farther, as far as their density says
            first = min(radius_km, first * max(2.0, 1.5 * math.sqrt(want / max(1, len(partial)))))
            continue
        floor = partial[want - 1].score  # the whole radius's are as good or better
        reach = farthest_km(floor) + 1e-6
        if reach > 2 * first and first * 2 < radius_km:
            first *= 2  # among more people the floor rises: it may bound them closer
            continue
        if reach >= radius_km:
            break
        if reach > first:
            near = _shared_near(viewer, place, reach, colleagues)
        near = [(row, km) for row, km in near if km <= reach]
        keys = {(row[6], row[7]) for row, _km in near if row[6] and row[7]}
        seen = {row[0] for row, _km in near}
        near += [
            (row, km)
            for row, km in _shared_near(viewer, place, radius_km, colleagues, keys)
            if row[0] not in seen
        ]
        people = _people(near, place, ranking)
        return people, sum(1 for person in people if person.score >= floor)
    people = _people(_shared_near(viewer, place, radius_km, colleagues), place, ranking)
    return people, len(people)


def _shared_near(
    viewer: Owner, place: Place, radius_km: float, colleagues, keys: set | None = None
) -> list[tuple]:
    """(row, km) of colleagues' contacts within the radius that the viewer may see, the
    row's kinds decoded (BOX_COLUMNS, kinds, name key, organisation key, known since, a
    membership that shares it one by one or None); with
    `keys`, only those of these (name key, organisation key).

    Plain SQL, as the call list's box: the ORM would spend longer writing out hundreds of
    keys than the database spends on the query."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(place.latitude, place.longitude, radius_km)
    broad = [pk for pk, colleague in colleagues.items() if colleague.broad]
    # Colleagues who share one by one: their contacts in the box that anyone shares (a
    # superset: Colleague.sees below keeps those shared with the viewer's teams). By owner,
    # so that the database reads the box from the (owner, latitude, longitude) index.
    narrow = [pk for pk, colleague in colleagues.items() if not colleague.broad]
    params = {"viewer": viewer.pk, "min_lat": min_lat, "max_lat": max_lat,
              "min_lon": min_lon, "max_lon": max_lon}  # fmt: skip
    chosen = shared_by(colleagues)
    if keys is None:
        # One part for each kind of colleague, not one OR: PostgreSQL then reads the broad
        # sharers' box from the covering index alone and looks up the hand-shared ones' few
        # shares, where the OR made it read every row of the box and every share of the team.
        parts = [(broad, "")] if broad else []
        parts += [(narrow, f"AND {SHARED_BY_HAND}")] if narrow else []
        sql = "\nUNION ALL\n".join(
            SHARED_BOX.format(join="", whose=f"c.owner_id IN ({_listed(owners)})", keys=extra,
                              chosen=chosen)
            for owners, extra in parts
        )  # fmt: skip
    else:  # by name key first (the (name key, organisation key) index), the owner after
        whose = [f"c.owner_id IN ({_listed(broad)})"] if broad else []
        if narrow:
            whose.append(f"(c.owner_id IN ({_listed(narrow)}) AND {SHARED_BY_HAND})")
        source, more = key_table(sorted(keys), Contact)
        params = {**params, **more}
        sql = SHARED_BOX.format(join=f"{source} CROSS JOIN ", whose=" OR ".join(whose),
                                keys=KEYS_MATCH, chosen=chosen)  # fmt: skip
    box = sorted(select(Contact, sql, params))  # by id, whichever way the database read them
    distances = distances_km(place.latitude, place.longitude, ((r[2], r[3]) for r in box))
    near = []
    for row, km in zip(box, distances, strict=True):
        if km > radius_km:
            continue
        kinds = kinds_of(row[5])
        colleague = colleagues.get(row[1])
        if keys is not None and (row[6], row[7]) not in keys:
            continue
        if colleague is not None and colleague.sees(row[0], kinds, (row[9],)):
            near.append(((*row[:5], kinds, *row[6:]), km))
    return near


# BOX_COLUMNS, kinds, name key, organisation key, known since, a membership that shares it
# one by one (sharing.shared_by) of colleagues' contacts in a box; {whose}: by owner, those
# of colleagues who share by hand only when anyone shares them.
SHARED_BOX = f"""
SELECT c.id, c.owner_id, c.latitude, c.longitude, c.place_id, CAST(c.kinds AS TEXT),
       c.name_key, c.organisation_key, CAST(c.known_since AS TEXT), {{chosen}}
FROM {{join}}{Contact._meta.db_table} c
WHERE ({{whose}}) AND c.owner_id <> %(viewer)s AND NOT c.do_not_invite {{keys}}
  AND c.latitude >= %(min_lat)s AND c.latitude <= %(max_lat)s
  AND c.longitude >= %(min_lon)s AND c.longitude <= %(max_lon)s
"""
KEYS_MATCH = "AND c.name_key = keys.name AND c.organisation_key = keys.organisation"
SHARED_BY_HAND = (
    f"EXISTS (SELECT 1 FROM {SharedContact._meta.db_table} s WHERE s.contact_id = c.id)"
)


def _memberships(colleagues) -> list[int]:
    return [pk for colleague in colleagues.values() for pk in colleague.memberships]


def _listed(ids: list[int]) -> str:
    return ",".join(str(int(pk)) for pk in ids)


def _people(near: list[tuple], place: Place, ranking: Ranking) -> list[_Person]:
    """Colleagues' contacts grouped into people (the same name at the same organisation is
    one person, as imports match), scored by the ranking's rules, best first. The score
    leaves out the sharer's own judgement of importance and their history with the person:
    to the viewer, this is someone new."""
    groups: dict[tuple, _Person] = {}
    for row, km in near:
        name_key, organisation_key = row[6], row[7]
        key = (name_key, organisation_key) if name_key and organisation_key else row[0]
        person = groups.get(key)
        if person is None:
            groups[key] = _Person([row], km)
        else:
            person.rows.append(row)
            person.km = min(person.km, km)
    here, score = place.pk, ranking.score_of
    for person in groups.values():
        if len(person.rows) == 1:
            row = person.rows[0]
            kinds, same_city = tuple(set(row[5])), row[4] == here
        else:
            kinds = tuple({kind for row in person.rows for kind in row[5]})
            same_city = any(row[4] == here for row in person.rows)
        person.score = score(person.km, same_city, kinds, 3, None, None, 0, 0, None, None, "")
    for person in groups.values():
        person.first_id = min(row[0] for row in person.rows)
    return sorted(groups.values(), key=lambda person: person.rank(person.score))


def _ids(person: _Person) -> set[int]:
    return {row[0] for row in person.rows}


def _unknown_to(viewer: Owner, chunk: list[_Person], colleagues, taken: set[int]):
    """The people of the chunk the viewer does not know, each with every colleague's record
    of them (also records found by a shared e-mail or phone elsewhere in the team)."""
    ids = [pk for person in chunk for pk in _ids(person)]
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
    keys_of = dict(zip((min(_ids(p)) for p in chunk), keys, strict=True))
    for person, person_keys in zip(chunk, keys, strict=True):
        if taken.intersection(_ids(person)):
            continue  # folded into a better-ranked person of this chunk
        extra = [
            row
            for address in (*person_keys.emails, *person_keys.phones)
            for row in others.get(address, ())
            if row[0] not in taken
        ]
        known_ids = _ids(person)
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
    or phone -> the visible colleagues' contacts with it, wherever they live (as _Person rows):
    one statement, by the key-first indexes of e-mails and phones and the viewer's (owner,
    name key) index."""
    mine = Matcher(viewer)
    owners, chosen = _listed([viewer.pk, *colleagues]), shared_by(colleagues)
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
# The kind, the e-mail, phone or name key, do not invite, and the _Person row of contacts:
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
    people: list[_Person], place: Place, colleagues, notes: Notes
) -> list[Introduction]:
    """An introduction for each of these people (the few who may be shown), their words
    (reasons, message) left to fill: one query each for all their contacts, phones and meals
    together (the colleagues' notes are read already)."""
    ids = sorted({pk for person in people for pk in _ids(person)})
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
    person: _Person, place: Place, colleagues, contacts: dict[int, _Record], known: dict,
    texts: dict, chosen: dict[int, set[int]],
) -> Introduction:  # fmt: skip
    person_ids = _ids(person)
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
