"""A contact's timeline (notes, facts, follow-ups, meals and calls) and the story so far.

The order, newest first, is by the moment each thing happened: notes, facts and follow-ups
when they were written, call attempts when they were made, meals at their date and time in
their place's time zone (a meal without a time counts as DINNER_TIME). On the same moment
the consequence comes before its cause: follow-up, then note or fact, then meal, then call;
then the newer row (higher id) first.

The story so far counts held meals only: "last seen" is the latest held meal with the person
on or before today, and "dinners" their number. A planned meal or a yes on the phone is not
a meeting yet. "Said yes" counts the calls they answered with a yes or a no, as the call list
does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tafelrunde.evenings.models import Attempt
from tafelrunde.formatting import place_name
from tafelrunde.meals.models import FollowUp, Meal, MealParticipant
from tafelrunde.network.models import Contact

DINNER_TIME = dt.time(19, 0)
# Higher comes first among entries of the same moment.
TIE_ORDER = {"follow-up": 4, "note": 3, "fact": 3, "meal": 2, "attempt": 1}
# "last seen 2009" for long ago; "last seen June 2025" within this many days.
LAST_SEEN_BY_MONTH_DAYS = 365


@dataclass(frozen=True)
class Entry:
    """One thing that happened with a contact, as the timeline shows it."""

    at: dt.datetime  # the moment it happened (aware): what the order follows
    day: dt.date  # the date shown
    kind: str  # "note", "fact", "follow-up", "meal" or "attempt"
    label: str  # the kind in the user's language
    text: str
    pk: int
    detail: str = ""
    open_follow_up: bool = False  # a follow-up not done yet: it can be marked done

    def sort_key(self) -> tuple:
        return (self.at, TIE_ORDER[self.kind], self.pk)


def contact_timeline(contact: Contact) -> list[Entry]:
    """Everything with the contact in one list, newest first (see the module's docstring)."""
    entries = [
        *_note_entries(contact),
        *_follow_up_entries(contact),
        *_meal_entries(contact),
        *_attempt_entries(contact),
    ]
    return sorted(entries, key=Entry.sort_key, reverse=True)


def _note_entries(contact: Contact) -> list[Entry]:
    return [
        Entry(
            note.created_at,
            timezone.localdate(note.created_at),
            note.kind,
            note.get_kind_display(),
            note.text,
            note.pk,
        )
        for note in contact.timeline_notes.all()
    ]


def _follow_up_entries(contact: Contact) -> list[Entry]:
    return [
        Entry(
            follow_up.created_at,
            timezone.localdate(follow_up.created_at),
            "follow-up",
            _("follow-up"),
            follow_up.text,
            follow_up.pk,
            detail=follow_up_state(follow_up),
            open_follow_up=follow_up.done_at is None,
        )
        for follow_up in contact.follow_ups.all()
    ]


def follow_up_state(follow_up: FollowUp) -> str:
    """ "done on 3 May 2025", "due 1 June 2025" or "open"."""
    if follow_up.done_at:
        done = formats.date_format(timezone.localdate(follow_up.done_at))
        return _("done on %(date)s") % {"date": done}
    if follow_up.due:
        return _("due %(date)s") % {"date": formats.date_format(follow_up.due)}
    return _("open")


def meal_moment(meal: Meal) -> dt.datetime:
    """When the meal was, as an aware moment in its place's time zone (else the current one)."""
    zone = timezone.get_current_timezone()
    if meal.place is not None:
        with contextlib.suppress(ValueError, KeyError):  # an unknown or malformed name
            zone = ZoneInfo(meal.place.timezone)
    return dt.datetime.combine(meal.date, meal.time or DINNER_TIME, tzinfo=zone)


def _meal_entries(contact: Contact) -> list[Entry]:
    seats = MealParticipant.objects.filter(contact=contact).select_related("meal__place")
    entries = []
    for seat in seats:
        meal = seat.meal
        where = ", ".join(part for part in (meal.restaurant, place_name(meal.place)) if part)
        text = _("Meal at %(where)s") % {"where": where} if where else _("Meal")
        details = [meal.occasion]
        if meal.status == Meal.Status.PLANNED:
            details.insert(0, _("planned"))
        if meal.time:
            details.insert(0, formats.time_format(meal.time))
        if seat.rating:
            details.append(_("warmth %(rating)s of 5") % {"rating": seat.rating})
        detail = " · ".join(part for part in details if part)
        label = _("meal")
        entries.append(Entry(meal_moment(meal), meal.date, "meal", label, text, meal.pk, detail))
    return entries


def _attempt_entries(contact: Contact) -> list[Entry]:
    attempts = Attempt.objects.filter(contact=contact).select_related("evening__place")
    return [
        Entry(
            attempt.at,
            timezone.localdate(attempt.at),
            "attempt",
            attempt.get_channel_display(),
            _("%(outcome)s, evening in %(place)s")
            % {
                "outcome": attempt.get_outcome_display(),
                "place": place_name(attempt.evening.place),
            },
            attempt.pk,
            detail=attempt.note,
        )
        for attempt in attempts
    ]


@dataclass(frozen=True)
class Story:
    """The story so far with a contact: the numbers behind the line on the contact page."""

    known_since: dt.date | None
    last_seen: dt.date | None  # the latest held meal together, on or before today
    dinners: int  # held meals together
    asked: int  # calls they answered with a yes or a no
    said_yes: int

    def parts(self, today: dt.date) -> list[str]:
        """The line's parts in the user's language; unknown ones are left out."""
        parts = []
        if self.known_since:
            parts.append(_("known since %(year)s") % {"year": self.known_since.year})
        if self.last_seen:
            parts.append(_("last seen %(when)s") % {"when": self._when(self.last_seen, today)})
            parts.append(
                ngettext("%(count)d dinner", "%(count)d dinners", self.dinners)
                % {"count": self.dinners}
            )
        else:
            parts.append(_("never met"))
        if self.asked:
            parts.append(
                ngettext(
                    "said yes %(yes)d of %(asked)d time",
                    "said yes %(yes)d of %(asked)d times",
                    self.asked,
                )
                % {"yes": self.said_yes, "asked": self.asked}
            )
        return parts

    def line(self, today: dt.date) -> str:
        """ "known since 2004 · last seen 2009 · 3 dinners · said yes 3 of 4 times"."""
        return " · ".join(self.parts(today))

    @staticmethod
    def _when(day: dt.date, today: dt.date) -> str:
        if (today - day).days > LAST_SEEN_BY_MONTH_DAYS:
            return str(day.year)
        return formats.date_format(day, "YEAR_MONTH_FORMAT")


def story_so_far(contact: Contact, today: dt.date) -> Story:
    """Known since, last seen, dinners and yeses with the contact: two queries."""
    meals = MealParticipant.objects.filter(
        contact=contact, meal__status=Meal.Status.HELD, meal__date__lte=today
    ).aggregate(dinners=Count("meal", distinct=True), last_seen=Max("meal__date"))
    answers = Attempt.objects.filter(
        contact=contact, outcome__in=[Attempt.Outcome.ACCEPTED, Attempt.Outcome.DECLINED]
    ).aggregate(asked=Count("id"), said_yes=Count("id", filter=Q(outcome=Attempt.Outcome.ACCEPTED)))
    return Story(
        known_since=contact.known_since,
        last_seen=meals["last_seen"],
        dinners=meals["dinners"],
        asked=answers["asked"],
        said_yes=answers["said_yes"],
    )
