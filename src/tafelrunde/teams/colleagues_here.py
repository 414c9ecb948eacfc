"""Colleagues in the same place: those who share their trips and are within the radius on
the evening ("Anna is in Dresden from … to …: dine together, or split the list")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tafelrunde.core.geo import haversine_km
from tafelrunde.network.models import Place
from tafelrunde.teams.sharing import Colleague
from tafelrunde.tonight.history import iso_date
from tafelrunde.tonight.sql import listed, place_columns, place_of, select
from tafelrunde.travel.models import Trip


@dataclass
class ColleagueHere:
    """A colleague whose shared trip includes the evening near the same place."""

    name: str
    email: str
    place: Place
    start: dt.date
    end: dt.date

    def as_json(self) -> dict:
        return {
            "colleague": self.name,
            "place": self.place.as_json(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def colleagues_here(
    colleagues: dict[int, Colleague], place: Place, day: dt.date, radius_km: float = 50
) -> list[ColleagueHere]:
    """Colleagues who share their trips and are within the radius on that evening."""
    sharing = [pk for pk, colleague in colleagues.items() if colleague.trips]
    if not sharing:
        return []
    sql = HERE.format(owners=listed(sharing), place=place_columns("p"))
    here = []
    for owner_id, start, end, *at in select(Trip, sql, {"day": day}):
        there, first, last = place_of(at), iso_date(start), iso_date(end)
        if there is None or first is None or last is None:
            continue
        km = haversine_km(place.latitude, place.longitude, there.latitude, there.longitude)
        if km <= radius_km:
            colleague = colleagues[owner_id]
            here.append(ColleagueHere(colleague.name, colleague.email, there, first, last))
    return list({entry.name: entry for entry in here}.values())


# The trips of these colleagues ({owners}) that hold the evening, with their places ({place}),
# earliest first: plain SQL, asked on every Tonight of a team member.
HERE = f"""
SELECT t.owner_id, t.start, t."end", {{place}}
FROM {Trip._meta.db_table} t JOIN {Place._meta.db_table} p ON p.id = t.place_id
WHERE t.owner_id IN ({{owners}}) AND t.start <= %(day)s AND t."end" >= %(day)s
ORDER BY t.start, t.id
"""
