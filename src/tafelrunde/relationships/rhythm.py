"""Keeping in touch: how often the owner wants to see each contact, and who is overdue.

The rules, in one place:

- A contact's rhythm is its own `rhythm_days` when set. Otherwise it is the shortest rhythm
  of its relationship kinds (the closest relationship sets the pace), from the owner's choices
  (Profile.rhythm_by_kind) over DEFAULT_RHYTHM_DAYS; a contact without kinds counts as
  "other". A kind with no rhythm (None) never makes anyone overdue.
- The clock starts at the last interaction on or before today: a held meal together; a call
  attempt in which the person was reached, i.e. any outcome but "no answer" (a yes, a no, a
  "call me back" and an "I'm away" are all a conversation), on its evening's date; a note or
  personal fact written; a follow-up done. Planned meals do not count until they are held.
- Without any interaction the clock starts on the day the contact was added: Tafelrunde
  cannot know of meetings before it knew the person, and "known since" says when they met,
  not when they last saw each other. So a fresh import does not flood the list on day one.
- Overdue means the due date (start + rhythm) lies before today. Contacts marked
  do-not-invite are never listed: the owner has asked not to be prompted about them.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from tafelrunde.accounts.models import Profile, profile_for
from tafelrunde.evenings.models import Attempt
from tafelrunde.meals.models import FollowUp, Meal, MealParticipant, Note
from tafelrunde.network.models import Contact, Kind
from tafelrunde.owned import Owner

# Days between meetings by relationship kind; None: no rhythm. The owner may change each.
DEFAULT_RHYTHM_DAYS: dict[str, int | None] = {
    Kind.CUSTOMER.value: 180,
    Kind.PROSPECT.value: 120,
    Kind.SUPPLIER.value: 365,
    Kind.PARTNER.value: 180,
    Kind.COLLEAGUE.value: 180,
    Kind.FRIEND.value: 90,
    Kind.SCHOOL_FRIEND.value: 365,
    Kind.SOCIAL_NETWORK.value: None,
    Kind.OTHER.value: None,
}
MAX_RHYTHM_DAYS = 3650
CONTACTS_PER_QUERY = 500
# Every outcome but this one means the person was reached.
NOT_REACHED = Attempt.Outcome.NO_ANSWER


@dataclass(frozen=True)
class Due:
    """When a contact is due, without the contact itself (cheap to compute for everyone)."""

    contact_id: int
    rhythm_days: int
    last_contact_date: dt.date | None  # the last interaction; None when there was none
    due_date: dt.date
    days_overdue: int  # > 0: overdue; 0: due today; < 0: days left


@dataclass(frozen=True)
class Overdue:
    """An overdue contact (with phones prefetched) and how overdue it is."""

    contact: Contact
    last_contact_date: dt.date | None
    due_date: dt.date
    days_overdue: int
    rhythm_days: int


def rhythm_by_kind(profile: Profile) -> dict[str, int | None]:
    """Days between meetings for every relationship kind: the owner's choices over defaults."""
    chosen = profile.rhythm_by_kind if isinstance(profile.rhythm_by_kind, dict) else {}
    rhythms = dict(DEFAULT_RHYTHM_DAYS)
    for kind, value in chosen.items():
        if kind in rhythms and (value is None or _valid_days(value)):
            rhythms[kind] = value
    return rhythms


def save_rhythm_by_kind(profile: Profile, rhythms: dict[str, int | None]) -> None:
    """Keep the owner's rhythms, storing only those that differ from the defaults."""
    profile.rhythm_by_kind = {
        kind: days
        for kind, days in rhythms.items()
        if kind in DEFAULT_RHYTHM_DAYS and days != DEFAULT_RHYTHM_DAYS[kind]
    }
    profile.save(update_fields=["rhythm_by_kind"])


def _valid_days(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_RHYTHM_DAYS


def rhythm_for(kinds: Iterable[str], own_days: int | None, rhythms: dict) -> int | None:
    """The contact's own rhythm, else the shortest of its kinds' ("other" without kinds)."""
    if own_days:
        return own_days
    known = [kind for kind in kinds if kind in rhythms] or [Kind.OTHER.value]
    days = [rhythms[kind] for kind in known if rhythms[kind]]
    return min(days) if days else None


def last_interactions(
    owner: Owner, today: dt.date, contact_ids: list[int] | None = None
) -> dict[int, dt.date]:
    """Contact id -> the date of the latest interaction on or before `today`. Four queries,
    each an aggregate per contact, however long the history."""
    tomorrow = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time()))
    sources = [
        MealParticipant.objects.filter(meal__status=Meal.Status.HELD, meal__date__lte=today)
        .exclude(contact=None)
        .values_list("contact_id")
        .annotate(last=Max("meal__date")),
        Attempt.objects.exclude(outcome=NOT_REACHED)
        .filter(evening__date__lte=today)
        .values_list("contact_id")
        .annotate(last=Max("evening__date")),
        Note.objects.filter(created_at__lt=tomorrow)
        .values_list("contact_id")
        .annotate(last=Max("created_at")),
        FollowUp.objects.filter(done_at__lt=tomorrow)
        .values_list("contact_id")
        .annotate(last=Max("done_at")),
    ]
    latest: dict[int, dt.date] = {}
    for queryset in sources:
        queryset = queryset.filter(owner_id=owner.pk).order_by()
        if contact_ids is not None:
            queryset = queryset.filter(contact_id__in=contact_ids)
        for contact_id, last in queryset:
            day = timezone.localdate(last) if isinstance(last, dt.datetime) else last
            if contact_id not in latest or day > latest[contact_id]:
                latest[contact_id] = day
    return latest


def due_for(
    contact_id: int, rhythm_days: int, last: dt.date | None, added_on: dt.date, today: dt.date
) -> Due:
    """When the contact is due, counting from the last interaction, else from when added."""
    due_date = (last or added_on) + dt.timedelta(days=rhythm_days)
    return Due(contact_id, rhythm_days, last, due_date, (today - due_date).days)


def overdue_rows(owner: Owner, today: dt.date) -> list[Due]:
    """Every overdue contact's Due, most overdue first (then the older contact). Six queries."""
    rhythms = rhythm_by_kind(profile_for(owner))
    last = last_interactions(owner, today)
    # Kinds come as text, decoded once per distinct value: most contacts share a handful.
    rows = (
        Contact.objects.owned_by(owner)
        .filter(do_not_invite=False)
        .values_list("id", Cast("kinds", TextField()), "rhythm_days", "created_at")
        .order_by()
    )
    zone = timezone.get_current_timezone()  # once: looking it up per row costs more
    pace: dict[tuple, int | None] = {}
    found = []
    for pk, kinds_text, own_days, added in rows:
        key = (kinds_text, own_days)
        if key not in pace:
            pace[key] = rhythm_for(_kinds(kinds_text), own_days, rhythms)
        days = pace[key]
        if days is None:
            continue
        due = due_for(pk, days, last.get(pk), added.astimezone(zone).date(), today)
        if due.days_overdue > 0:
            found.append(due)
    found.sort(key=lambda due: (-due.days_overdue, due.contact_id))
    return found


@functools.lru_cache(maxsize=1024)
def _kinds(text: str | None) -> tuple[str, ...]:
    try:
        value = json.loads(text) if text else []
    except ValueError:
        return ()
    return tuple(str(kind) for kind in value) if isinstance(value, list) else ()


def with_contacts(owner: Owner, rows: list[Due]) -> list[Overdue]:
    """The rows with their contacts and phones, in the rows' order: two queries per
    CONTACTS_PER_QUERY rows (an IN list of any length would break SQLite's limit)."""
    by_id: dict[int, Contact] = {}
    for start in range(0, len(rows), CONTACTS_PER_QUERY):
        ids = [row.contact_id for row in rows[start : start + CONTACTS_PER_QUERY]]
        contacts = (
            Contact.objects.owned_by(owner)
            .filter(id__in=ids)
            .select_related("place")
            .prefetch_related("phones")
        )
        by_id |= {contact.pk: contact for contact in contacts}
    return [
        Overdue(by_id[row.contact_id], *_fields(row)) for row in rows if row.contact_id in by_id
    ]


def _fields(row: Due) -> tuple:
    return row.last_contact_date, row.due_date, row.days_overdue, row.rhythm_days


def overdue(owner: Owner, today: dt.date) -> list[Overdue]:
    """The owner's overdue contacts, most overdue first: eight queries (for up to
    CONTACTS_PER_QUERY overdue contacts), however large the network and its history."""
    return with_contacts(owner, overdue_rows(owner, today))


def due_for_contact(owner: Owner, contact: Contact, today: dt.date) -> Due | None:
    """When the owner's contact is due, or None when no rhythm applies (or do-not-invite)."""
    if contact.do_not_invite:
        return None
    rhythms = rhythm_by_kind(profile_for(owner))
    kinds = contact.kinds if isinstance(contact.kinds, list) else []
    days = rhythm_for([str(kind) for kind in kinds], contact.rhythm_days, rhythms)
    if days is None:
        return None
    last = last_interactions(owner, today, [contact.pk]).get(contact.pk)
    return due_for(contact.pk, days, last, timezone.localdate(contact.created_at), today)
