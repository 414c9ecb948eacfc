"""What the owner's past says about the people near a place on one date, and who is off.

This is the one place that decides who is off the list of a date, whatever place the list is
for and whether or not a trip includes that date:

- the guests of a meal that day, planned or held (met that day, or invited for the evening);
- whoever said yes, said no or is away on that date's evening, wherever it is;
- whoever was met on the trip that includes the date (a meal or a yes since it began).

Only the candidates' past is read, by their ids, so its cost follows the number of people near
the place rather than the length of the owner's history. The call list asks this for every
candidate on every visit, so it is three plain SQL statements (see tafelrunde.tonight.sql).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.owned import Owner
from tafelrunde.tonight.sql import select
from tafelrunde.travel.models import Trip

Outcome = Attempt.Outcome
# Tried that evening with one of these, a contact is off that date's list.
OFF_TONIGHT = frozenset({Outcome.ACCEPTED, Outcome.DECLINED, Outcome.AWAY})
NO_HISTORY = (None, 0, 0, None, "")  # last met, asked, said yes, last declined, tried tonight

ATTEMPT, EVENING = Attempt._meta.db_table, Evening._meta.db_table
GUEST, MEAL, TRIP = MealParticipant._meta.db_table, Meal._meta.db_table, Trip._meta.db_table
# By the candidates' ids (an index), never all of the owner's evenings or meals by date: the
# dates are in the aggregates' FILTER, not in WHERE, so that no database is tempted. One
# statement: answers (asked, said yes, last no, last yes), then meals (asked is NULL, last
# meal); by contact only for meals, as a guest always shares the meal's owner. The outcomes
# are written into the statement, not bound: only then may a database read the answers from
# the partial index attempt_answers alone.
PAST = f"""
SELECT ids.value,
       COUNT(*) FILTER (WHERE e.date < %(day)s),
       COUNT(*) FILTER (WHERE e.date < %(day)s AND a.outcome = %(yes)s),
       MAX(e.date) FILTER (WHERE e.date < %(day)s AND a.outcome = %(no)s),
       MAX(e.date) FILTER (WHERE e.date < %(day)s AND a.outcome = %(yes)s)
FROM {{ids}}
JOIN {ATTEMPT} a ON a.contact_id = ids.value
JOIN {EVENING} e ON e.id = a.evening_id
WHERE a.owner_id = %(owner)s AND a.outcome IN ('{Outcome.ACCEPTED}', '{Outcome.DECLINED}')
GROUP BY ids.value
UNION ALL
SELECT ids.value, NULL, NULL, NULL, MAX(m.date) FILTER (WHERE m.date <= %(day)s)
FROM {{ids}}
JOIN {GUEST} g ON g.contact_id = ids.value
JOIN {MEAL} m ON m.id = g.meal_id
GROUP BY ids.value
"""
TRIP_START = f"""
SELECT MIN(t.start) FROM {TRIP} t
WHERE t.owner_id = %(owner)s AND t.start <= %(day)s AND t."end" >= %(day)s
"""
THAT_EVENING = f"""
SELECT a.contact_id, a.outcome
FROM {EVENING} e JOIN {ATTEMPT} a ON a.evening_id = e.id
WHERE e.owner_id = %(owner)s AND e.date = %(day)s AND a.owner_id = %(owner)s
ORDER BY a.at, a.id
"""


def evening_history(owner: Owner, day: dt.date, ids: Sequence[int]) -> dict[int, tuple | None]:
    """Contact id -> (last met, asked, said yes, last declined, tried tonight) for those of
    `ids` with a past, or None for those off the list of `day`; the others have no past."""
    params = {"owner": owner.pk, "day": day, "yes": Outcome.ACCEPTED, "no": Outcome.DECLINED}
    history: dict[int, tuple | None] = {}
    meals: dict[int, dt.date] = {}
    for pk, asked, yes, declined, last in select(Attempt, PAST, params, ids) if ids else ():
        if asked is None:  # a meal row
            if (met_at := iso_date(last)) is not None:
                meals[pk] = met_at
        elif asked:
            history[pk] = (iso_date(last), asked, yes, iso_date(declined), "")
    for pk, last in meals.items():
        met, asked, yes, declined, _tried = history.get(pk) or NO_HISTORY
        history[pk] = (max(last, met) if met else last, asked, yes, declined, "")
    [(trip_start,)] = select(Trip, TRIP_START, params)
    met_since = iso_date(trip_start) or day  # met on this trip, or at a meal that day: off
    for pk, past in history.items():
        if past is not None and past[0] is not None and past[0] >= met_since:
            history[pk] = None
    for pk, outcome in select(Attempt, THAT_EVENING, params):
        past = history.get(pk, NO_HISTORY)
        if past is None or outcome in OFF_TONIGHT:
            history[pk] = None
        else:
            history[pk] = (*past[:4], outcome)
    return history


@functools.lru_cache(maxsize=4096)
def iso_date(value: str | dt.date | None) -> dt.date | None:
    """A date as SQLite (text) or PostgreSQL (a date) gives it; None for none or nonsense."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
