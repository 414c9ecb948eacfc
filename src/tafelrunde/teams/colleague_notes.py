"""No double invitations: what colleagues did lately with the people on the viewer's list.

A colleague who met, invited or plans to meet the same person within the rest period makes
a note in words ("Bert dined with Frank on 9 Mar"); the call list ranks that person lower,
as after a recent no (core.ranking). Only contacts the colleagues share are read, matched to
the viewer's as imports match: the same e-mail, phone, or name at the same organisation.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import formats, translation
from django.utils.translation import gettext as _

from tafelrunde.evenings.models import Attempt
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.network.models import Contact, Email, Phone
from tafelrunde.owned import Owner
from tafelrunde.teams.sharing import Colleague
from tafelrunde.tonight.call_list import kinds_of, rest_days
from tafelrunde.tonight.sql import select

SHORT_DAY = {"de": "j. M", "en": "j M"}  # "9. Mär", "9 Mar"


class Notes:
    """What colleagues did lately with the people on the viewer's list: a colleague who met,
    invited or plans to meet the same person within the rest period, in words.

    Called by the call list with the ids of the viewer's contacts within the radius; only
    contacts the colleagues share are read, matched to the viewer's as imports match.
    """

    def __init__(self, viewer: Owner, day: dt.date, colleagues: dict[int, Colleague]):
        self.viewer, self.day, self.colleagues = viewer, day, colleagues
        self.rest = dt.timedelta(days=rest_days())

    def __call__(self, ids: list[int]) -> dict[int, str]:
        """The viewer's contact id -> the note, for those of `ids` a colleague saw lately."""
        if not self.colleagues or not ids:
            return {}
        theirs = self._matches(ids)  # their contact id -> set of my ids
        if not theirs:
            return {}
        texts = self.about_theirs(list(theirs))
        notes: dict[int, tuple[int, str]] = {}
        for their_id, text in texts.items():
            for my_id in theirs[their_id]:
                notes.setdefault(my_id, (their_id, text))
        return {my_id: text for my_id, (_their, text) in notes.items()}

    def _matches(self, ids: list[int]) -> dict[int, set[int]]:
        owners = ",".join(str(int(pk)) for pk in self.colleagues)
        found: dict[int, set[int]] = defaultdict(set)
        owned: dict[int, tuple[int, str]] = {}  # their contact -> (its owner, its kinds)
        for sql in (_SAME_EMAIL, _SAME_PHONE, _SAME_NAME):
            for mine, theirs, owner, kinds in select(
                Contact, sql.format(owners=owners, ids="{ids}"), {}, ids
            ):
                found[theirs].add(mine)
                owned[theirs] = (owner, kinds)
        return {
            theirs: mine
            for theirs, mine in found.items()
            if self.colleagues[owned[theirs][0]].sees(theirs, kinds_of(owned[theirs][1]))
        }

    def about_theirs(self, their_ids: list[int]) -> dict[int, str]:
        """Colleague's contact id -> the latest word about a meeting or invitation in the
        rest period around the evening (a planned dinner, a dinner, an invitation)."""
        if not their_ids:
            return {}
        low, high = self.day - self.rest, self.day + self.rest
        events: dict[int, tuple] = {}
        meals = MealParticipant.objects.filter(
            contact_id__in=their_ids, meal__date__range=(low, high)
        ).values_list("contact_id", "owner_id", "meal__date", "meal__status", "contact__given_name",
                      "contact__full_name")  # fmt: skip
        for contact_id, owner_id, date, status, given, full in meals:
            kind = "planned" if status == Meal.Status.PLANNED else "dined"
            self._keep(events, contact_id, (date, 1, kind, owner_id, _shared_name(given, full)))
        attempts = Attempt.objects.filter(
            contact_id__in=their_ids, evening__date__range=(low, high)
        ).values_list("contact_id", "owner_id", "evening__date", "contact__given_name",
                      "contact__full_name")  # fmt: skip
        for contact_id, owner_id, date, given, full in attempts:
            self._keep(
                events, contact_id, (date, 0, "invited", owner_id, _shared_name(given, full))
            )
        return {
            pk: self._words(kind, owner_id, name, date)
            for pk, (date, _order, kind, owner_id, name) in events.items()
            if owner_id in self.colleagues
        }

    def _keep(self, events: dict, contact_id: int, event: tuple) -> None:
        """Keep the event nearest the evening (a meal before an invitation on one day)."""
        distance = abs((event[0] - self.day).days)
        best = events.get(contact_id)
        if best is None or (distance, -event[1]) < (abs((best[0] - self.day).days), -best[1]):
            events[contact_id] = event

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


# My contact (ids) -> the same person among the colleagues' contacts, with its owner and kinds.
# CROSS JOIN keeps SQLite to this order (the viewer's ids, their addresses, then the same
# address among the colleagues'): left to itself it read every address of every colleague.
_SAME_EMAIL = f"""
SELECT mine.contact_id, c.id, c.owner_id, CAST(c.kinds AS TEXT)
FROM {{ids}} CROSS JOIN {Email._meta.db_table} mine CROSS JOIN {Email._meta.db_table} theirs
JOIN {Contact._meta.db_table} c ON c.id = theirs.contact_id AND NOT c.do_not_invite
WHERE mine.contact_id = ids.value AND theirs.address = mine.address
  AND theirs.owner_id IN ({{owners}})
"""
_SAME_PHONE = f"""
SELECT mine.contact_id, c.id, c.owner_id, CAST(c.kinds AS TEXT)
FROM {{ids}} CROSS JOIN {Phone._meta.db_table} mine CROSS JOIN {Phone._meta.db_table} theirs
JOIN {Contact._meta.db_table} c ON c.id = theirs.contact_id AND NOT c.do_not_invite
WHERE mine.contact_id = ids.value AND theirs.number = mine.number
  AND theirs.owner_id IN ({{owners}})
"""
_SAME_NAME = f"""
SELECT mine.id, c.id, c.owner_id, CAST(c.kinds AS TEXT)
FROM {{ids}} JOIN {Contact._meta.db_table} mine ON mine.id = ids.value
JOIN {Contact._meta.db_table} c ON c.owner_id IN ({{owners}}) AND c.name_key = mine.name_key
  AND c.organisation_key = mine.organisation_key AND NOT c.do_not_invite
WHERE mine.name_key <> '' AND mine.organisation_key <> ''
"""


def _shared_name(given: str, full: str) -> str:
    """How a note names a colleague's contact: by a word of the full name, which is shared;
    the given name only when it is one of those words (it is a field of its own, private)."""
    return given if given and given in full.split() else full
