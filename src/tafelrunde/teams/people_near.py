"""The people colleagues share near a place, best first, read only as far as needed.

A team knows many times more people near a place than one member. The box queries go by
owner (the (owner, latitude, longitude) index, as the own list's), first close to the place;
the score of the best of them there bounds how far anyone as good can live
(core.ranking.farthest_km), and only those, with every other record in the radius of the
same people (the same name at the same organisation), are read and scored in one pass. Only
what colleagues share is kept (tafelrunde.teams.sharing decides). tafelrunde.teams.colleagues
matches them to the viewer's network and makes the introductions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tafelrunde.core.geo import bounding_box, distances_km
from tafelrunde.core.ranking import Ranking, farthest_km
from tafelrunde.network.models import Contact, Place
from tafelrunde.owned import Owner
from tafelrunde.teams.models import SharedContact
from tafelrunde.teams.sharing import shared_by
from tafelrunde.tonight.call_list import kinds_of
from tafelrunde.tonight.sql import key_table, listed, select

FIRST_KM = 1.5  # colleagues' people read first, to bound how far the best of them live


@dataclass
class Person:
    """One person as one or more colleagues' contacts: rows of the box query (id, owner,
    latitude, longitude, place, kinds, name key, organisation key, known since, a membership
    that shares it one by one)."""

    rows: list[tuple]
    km: float
    score: float = 0.0
    first_id: int = 0  # the least id of its records near the place: equals rank by it

    def rank(self, score: float) -> tuple[float, float, int]:
        """Its place in the order of introductions with this score: best first."""
        return -score, self.km, self.first_id

    def ids(self) -> set[int]:
        return {row[0] for row in self.rows}


def people_near(
    viewer: Owner, place: Place, radius_km: float, colleagues, ranking: Ranking, want: int
) -> tuple[list[Person], int]:
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
        near = shared_near(viewer, place, first, colleagues)
        partial = people_of(near, place, ranking)
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
            near = shared_near(viewer, place, reach, colleagues)
        near = [(row, km) for row, km in near if km <= reach]
        keys = {(row[6], row[7]) for row, _km in near if row[6] and row[7]}
        seen = {row[0] for row, _km in near}
        near += [
            (row, km)
            for row, km in shared_near(viewer, place, radius_km, colleagues, keys)
            if row[0] not in seen
        ]
        people = people_of(near, place, ranking)
        return people, sum(1 for person in people if person.score >= floor)
    people = people_of(shared_near(viewer, place, radius_km, colleagues), place, ranking)
    return people, len(people)


def shared_near(
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
            SHARED_BOX.format(join="", whose=f"c.owner_id IN ({listed(owners)})", keys=extra,
                              chosen=chosen)
            for owners, extra in parts
        )  # fmt: skip
    else:  # by name key first (the (name key, organisation key) index), the owner after
        whose = [f"c.owner_id IN ({listed(broad)})"] if broad else []
        if narrow:
            whose.append(f"(c.owner_id IN ({listed(narrow)}) AND {SHARED_BY_HAND})")
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


def people_of(near: list[tuple], place: Place, ranking: Ranking) -> list[Person]:
    """Colleagues' contacts grouped into people (the same name at the same organisation is
    one person, as imports match), scored by the ranking's rules, best first. The score
    leaves out the sharer's own judgement of importance and their history with the person:
    to the viewer, this is someone new."""
    groups: dict[tuple, Person] = {}
    for row, km in near:
        name_key, organisation_key = row[6], row[7]
        key = (name_key, organisation_key) if name_key and organisation_key else row[0]
        person = groups.get(key)
        if person is None:
            groups[key] = Person([row], km)
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
        person.first_id = min(row[0] for row in person.rows)
    return sorted(groups.values(), key=lambda person: person.rank(person.score))
