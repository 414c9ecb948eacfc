"""No double invitations: what colleagues did lately with the people on the viewer's list.

A colleague who met, invited or plans to meet the same person within the rest period makes
a note in words ("Bert dined with Frank on 9 Mar"); the call list ranks that person lower,
as after a recent no (core.ranking). Only contacts the colleagues share are read, matched to
the viewer's as imports match: the same e-mail, phone, or name at the same organisation.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, translation
from django.utils.translation import gettext as _

from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.network.models import Contact, Email, Phone
from tafelrunde.owned import Owner
from tafelrunde.teams.sharing import Colleague, shared_by
from tafelrunde.tonight.call_list import kinds_of, rest_days
from tafelrunde.tonight.history import iso_date
from tafelrunde.tonight.sql import listed, select

SHORT_DAY = {"de": "j. M", "en": "j M"}  # "9. Mär", "9 Mar"


class Notes:
    """What colleagues did lately with the people on the viewer's list: a colleague who met,
    invited or plans to meet the same person within the rest period, in words.

    Called by the call list with the ids of the viewer's contacts within the radius; only
    contacts the colleagues share are read, matched to the viewer's as imports match.

    The colleagues' meals and tries of the rest period around the evening are read once per
    Notes (one statement: a few per colleague and evening), and only the people met or
    invited then are matched to the viewer's: the cost follows what the team did lately,
    not the size of the viewer's list or of the team's networks. A Notes is made for one
    Tonight and thrown away with it: it keeps nothing that could go stale.
    """

    def __init__(self, viewer: Owner, day: dt.date, colleagues: dict[int, Colleague]):
        self.viewer, self.day, self.colleagues = viewer, day, colleagues
        self.rest = dt.timedelta(days=rest_days())
        self._events: dict[int, tuple] | None = None

    def __call__(self, ids: list[int]) -> dict[int, str]:
        """The viewer's contact id -> the note, for those of `ids` a colleague saw lately."""
        if not self.colleagues or not ids:
            return {}
        events = self._recent()
        if not events:
            return {}
        wanted = set(ids)
        mine: dict[int, tuple] = {}  # my contact id -> (nearness, their id, event), the best
        for my_id, their_id in self._same_people(events):
            event = events[their_id]
            if my_id in wanted:
                best = mine.get(my_id)
                if best is None or (*self._nearness(event), their_id) < best[:3]:
                    mine[my_id] = (*self._nearness(event), their_id, event)
        return {my_id: self._text(best[3]) for my_id, best in mine.items()}

    def _same_people(self, events: dict[int, tuple]):
        """(my contact id, their contact id) for each of the viewer's contacts that is the
        same person as one the colleagues met or invited lately and share: the same e-mail,
        phone, or name at the same organisation, as imports match."""
        theirs = sorted(
            pk
            for pk, event in events.items()
            if not event[8] and self.colleagues[event[3]].sees(pk, event[5], (event[9],))
        )
        if theirs:
            yield from select(Contact, _SAME, {"viewer": self.viewer.pk}, theirs)

    def about_theirs(self, their_ids: list[int]) -> dict[int, str]:
        """Colleague's contact id -> the latest word about a meeting or invitation in the
        rest period around the evening (a planned dinner, a dinner, an invitation)."""
        if not their_ids or not self.colleagues:
            return {}
        events = self._recent()
        return {pk: self._text(events[pk]) for pk in their_ids if pk in events}

    def _recent(self) -> dict[int, tuple]:
        """Colleague's contact id -> (date, order, kind, owner, name, and of the contact:
        kinds, name key, organisation key, do not invite, a membership sharing it one by
        one) of the colleagues' meal or try with
        them nearest the evening within the rest period."""
        if self._events is None:
            low, high = self.day - self.rest, self.day + self.rest
            owners = listed(self.colleagues)
            events: dict[int, tuple] = {}
            params = {"low": low, "high": high}
            sql = _RECENT.format(owners=owners, chosen=shared_by(self.colleagues))
            for row in select(Contact, sql, params):
                contact_id, owner_id, date, status, given, full, *contact = row
                if owner_id not in self.colleagues:
                    continue
                kinds, name, organisation, do_not_invite, chosen = contact
                about = (kinds_of(kinds), name, organisation, bool(do_not_invite), chosen)
                if status is None:
                    event = (iso_date(date), 0, "invited", owner_id, _shared_name(given, full))
                else:
                    kind = "planned" if status == Meal.Status.PLANNED else "dined"
                    event = (iso_date(date), 1, kind, owner_id, _shared_name(given, full))
                self._keep(events, contact_id, (*event, *about))
            self._events = events
        return self._events

    def _nearness(self, event: tuple) -> tuple[int, int]:
        """The nearer the evening the better; on one day a meal before an invitation."""
        return abs((event[0] - self.day).days), -event[1]

    def _keep(self, events: dict, contact_id: int, event: tuple) -> None:
        """Keep the event nearest the evening (a meal before an invitation on one day)."""
        best = events.get(contact_id)
        if best is None or self._nearness(event) < self._nearness(best):
            events[contact_id] = event

    def _text(self, event: tuple) -> str:
        date, _order, kind, owner_id, name = event[:5]
        return self._words(kind, owner_id, name, date)

    def _words(self, kind: str, owner_id: int, name: str, date: dt.date) -> str:
        values = {
            "colleague": self.colleagues[owner_id].first_name,
            "name": name.split()[0] if name.split() else name,
            "date": formats.date_format(date, SHORT_DAY.get(translation.get_language(), "j M")),
        }
        if kind == "planned":
            return _("%(colleague)s plans dinner with %(name)s on %(date)s") % values
        if kind == "dined":
            return _("%(colleague)s dined with %(name)s on %(date)s") % values
        return _("%(colleague)s invited %(name)s on %(date)s") % values


# The colleagues' meals (with their status) and tries (status NULL) with their contacts in
# the rest period around the evening: by owner and date (the indexes of both), a handful.
_CONTACT = "c.given_name, c.full_name, CAST(c.kinds AS TEXT), c.name_key, c.organisation_key, " \
    "c.do_not_invite, {chosen}"  # fmt: skip
_RECENT = f"""
SELECT g.contact_id, g.owner_id, m.date, m.status, {_CONTACT}
FROM {Meal._meta.db_table} m
JOIN {MealParticipant._meta.db_table} g ON g.meal_id = m.id
JOIN {Contact._meta.db_table} c ON c.id = g.contact_id
WHERE m.owner_id IN ({{owners}}) AND m.date BETWEEN %(low)s AND %(high)s
UNION ALL
SELECT a.contact_id, a.owner_id, e.date, NULL, {_CONTACT}
FROM {Evening._meta.db_table} e
JOIN {Attempt._meta.db_table} a ON a.evening_id = e.id
JOIN {Contact._meta.db_table} c ON c.id = a.contact_id
WHERE e.owner_id IN ({{owners}}) AND e.date BETWEEN %(low)s AND %(high)s
"""
# (my contact, their contact) with the same e-mail, phone, or name at the same organisation,
# from theirs (ids) to the viewer's by the key-first indexes, in one statement. CROSS JOIN
# keeps SQLite to this order; "owner_id + 0" keeps PostgreSQL from reading every contact of
# the viewer by the owner index and hashing them (3 ms for 5,000, where probing the names of
# theirs takes under one).
_SAME = f"""
SELECT mine.contact_id, theirs.contact_id
FROM {{ids}} CROSS JOIN {Email._meta.db_table} theirs CROSS JOIN {Email._meta.db_table} mine
WHERE theirs.contact_id = ids.value AND mine.address = theirs.address
  AND mine.owner_id = %(viewer)s
UNION ALL
SELECT mine.contact_id, theirs.contact_id
FROM {{ids}} CROSS JOIN {Phone._meta.db_table} theirs CROSS JOIN {Phone._meta.db_table} mine
WHERE theirs.contact_id = ids.value AND mine.number = theirs.number
  AND mine.owner_id = %(viewer)s
UNION ALL
SELECT mine.id, theirs.id
FROM {{ids}} CROSS JOIN {Contact._meta.db_table} theirs CROSS JOIN {Contact._meta.db_table} mine
WHERE theirs.id = ids.value AND theirs.name_key <> '' AND theirs.organisation_key <> ''
  AND mine.name_key = theirs.name_key AND mine.organisation_key = theirs.organisation_key
  AND mine.owner_id + 0 = %(viewer)s
"""


def _shared_name(given: str, full: str) -> str:
    """How a note names a colleague's contact: by a word of the full name, which is shared;
    the given name only when it is one of those words (it is a field of its own, private)."""
    return given if given and given in full.split() else full
