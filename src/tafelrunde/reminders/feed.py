"""The private calendar feed: its secret address (made, shown again, revoked) and the
iCalendar it answers with — trips, planned dinners, follow-ups due, birthdays and, on each
trip evening without company, a reminder to call someone at the nudge time.

The token is looked up by its SHA-256 and kept sealed (sync.secret_box) only so that
Settings can show the address again; revoking deletes it, and the address answers 404.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tafelrunde.accounts.models import profile_for
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.meals.models import FollowUp, Meal
from tafelrunde.network.models import Contact
from tafelrunde.owned import Owner
from tafelrunde.reminders.models import CalendarFeed, settings_for
from tafelrunde.sync.secret_box import SecretUnavailable, seal, unseal
from tafelrunde.tonight.calendar import dinner_event, place_zone
from tafelrunde.travel.models import Trip

# What the feed covers: recent past and the coming year; nudges from today on.
DAYS_BACK = dt.timedelta(days=90)
DAYS_AHEAD = dt.timedelta(days=365)
# Rows of each kind at most, so that the answer stays bounded whatever the account holds.
MAX_ROWS = 5000
NUDGE_LENGTH = dt.timedelta(minutes=30)
MAX_TOKEN_LENGTH = 100  # token_urlsafe(32) gives 43 characters
ONE_DAY = dt.timedelta(days=1)


# The address.


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _url(token: str) -> str:
    return settings.TAFELRUNDE_BASE_URL + reverse("calendar-feed", kwargs={"token": token})


def _current_token(owner: Owner) -> str | None:
    """The token of the account's feed; None without one, or when it cannot be opened."""
    feed = CalendarFeed.objects.owned_by(owner).order_by("-created_at", "-id").first()
    if feed is None:
        return None
    try:
        return unseal(feed.token_sealed) or None
    except SecretUnavailable:  # the key file was lost: only a new address can be shown
        return None


def make_feed(owner: Owner) -> str:
    """A new address for the account's feed; the old one, if any, stops working."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.owned_by(owner).delete()
        CalendarFeed.objects.create(owner=owner, token_hash=_hash(token), token_sealed=seal(token))
    return _url(token)


def feed_url(owner: Owner, make: bool = True) -> str | None:
    """The feed's address; made when missing and `make` (else None)."""
    token = _current_token(owner)
    if token is not None:
        return _url(token)
    return make_feed(owner) if make else None


def feed_json(owner: Owner) -> dict:
    """For `reminders feed --json`: {"url": ..., "created": whether it was made just now}."""
    existing = feed_url(owner, make=False)
    return {"url": existing or make_feed(owner), "created": existing is None}


def revoke_feed(owner: Owner) -> bool:
    """Revokes the account's feed (its address answers 404 from now on); False if none."""
    deleted, _rows = CalendarFeed.objects.owned_by(owner).delete()
    return bool(deleted)


def owner_for_token(token: str) -> Owner | None:
    """The account whose feed the token opens; None for an unknown or revoked one."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    feed = CalendarFeed.objects.filter(token_hash=_hash(token)).select_related("owner").first()
    if feed is None or not feed.owner.is_active:
        return None
    return feed.owner


# The calendar.


def calendar_feed(owner: Owner, today: dt.date) -> bytes:
    """The account's calendar as iCalendar, in the language of its calendar entries."""
    first, last = today - DAYS_BACK, today + DAYS_AHEAD
    language = profile_for(owner).language
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tafelrunde//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Tafelrunde")
    # Apple and Outlook read these as "look again in an hour".
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(dt.timedelta(hours=1)))
    with translation.override(language):
        trips = list(
            Trip.objects.owned_by(owner)
            .filter(end__gte=first, start__lte=last)
            .select_related("place")
            .order_by("start", "id")[:MAX_ROWS]
        )
        events = [
            *(_trip_event(trip, language) for trip in trips),
            *_dinner_events(owner, first, last, language),
            *_follow_up_events(owner, first, last),
            *_birthday_events(owner, today),
            *_nudge_events(owner, trips, today, last, language),
        ]
    stamp = timezone.now()
    for event in events:
        if "dtstamp" not in event:
            event.add("dtstamp", stamp)
        calendar.add_component(event)
    # A VTIMEZONE for each zone used, its rules for the window only (timed events are in it).
    calendar.add_missing_timezones(first_date=first - ONE_DAY, last_date=last + ONE_DAY)
    return calendar.to_ical()


def _all_day(uid: str, summary: str, start: dt.date, end: dt.date) -> icalendar.Event:
    """An all-day event from `start` to `end` inclusive; shown as free time."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", start)
    if end < dt.date.max:  # DTEND is exclusive: the day after the last
        event.add("dtend", end + ONE_DAY)
    event.add("transp", "TRANSPARENT")
    return event


def _trip_event(trip: Trip, language: str) -> icalendar.Event:
    place = trip.place.name_in(language)
    summary = trip.title or _("Trip to %(place)s") % {"place": place}
    event = _all_day(f"trip-{trip.pk}@tafelrunde", summary, trip.start, trip.end)
    event.add("location", ", ".join(part for part in (trip.hotel, place) if part))
    return event


def _dinner_events(owner: Owner, first: dt.date, last: dt.date, language: str):
    meals = (
        Meal.objects.owned_by(owner)
        .filter(status=Meal.Status.PLANNED, date__range=(first, last))
        .select_related("place")
        .prefetch_related("participants")
        .order_by("date", "time", "id")[:MAX_ROWS]
    )
    for meal in meals:
        guests = [participant.name for participant in meal.participants.all()]
        event = dinner_event(meal, guests, language)
        if not guests:  # not "Dinner with " and nobody
            event.pop("summary")
            event.add("summary", _dinner_at(meal.restaurant))
        yield event


def _dinner_at(restaurant: str) -> str:
    return _("Dinner at %(restaurant)s") % {"restaurant": restaurant} if restaurant else _("Dinner")


def _follow_up_events(owner: Owner, first: dt.date, last: dt.date):
    follow_ups = (
        FollowUp.objects.owned_by(owner)
        .filter(done_at__isnull=True, due__range=(first, last))
        .select_related("contact")
        .order_by("due", "id")[:MAX_ROWS]
    )
    for follow_up in follow_ups:
        assert follow_up.due is not None  # the filter's range
        summary = _("%(contact)s: %(text)s") % {
            "contact": follow_up.contact.full_name,
            "text": follow_up.text,
        }
        uid = f"follow-up-{follow_up.pk}@tafelrunde"
        event = _all_day(uid, summary, follow_up.due, follow_up.due)
        event.add("description", follow_up.text)
        yield event


def _birthday_events(owner: Owner, today: dt.date):
    contacts = (
        Contact.objects.owned_by(owner)
        .filter(birthday__isnull=False)
        .order_by("id")
        .only("id", "full_name", "birthday")[:MAX_ROWS]
    )
    for contact in contacts:
        born = contact.birthday
        assert born is not None  # the filter
        summary = _("Birthday of %(name)s") % {"name": contact.full_name}
        # The series starts last year (the birth year may be far back, which some clients
        # dislike); the 29 February falls on the last day of February in other years.
        if (born.month, born.day) == (2, 29):
            year = next(y for y in range(today.year - 1, today.year - 9, -1) if _is_leap(y))
            rule = {"freq": "yearly", "bymonth": 2, "bymonthday": -1}
        else:
            year, rule = today.year - 1, {"freq": "yearly"}
        start = born.replace(year=year)
        event = _all_day(f"birthday-{contact.pk}@tafelrunde", summary, start, start)
        event.add("rrule", rule)
        yield event


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _nudge_events(owner: Owner, trips: list[Trip], today: dt.date, last: dt.date, language):
    """On each trip evening from today on without company (or a "alone tonight"): the
    reminder to call someone, at the nudge time in the place's time zone, with an alarm."""
    reminders = settings_for(owner)
    if not reminders.nudge:
        return
    settled = set(
        Evening.objects.owned_by(owner)
        .filter(date__range=(today, last))
        .filter(Q(alone_at__isnull=False) | Q(attempts__outcome=Attempt.Outcome.ACCEPTED))
        .values_list("date", flat=True)
    )
    seen: set[dt.date] = set()  # two trips over one evening: one reminder
    for trip in trips:
        day = max(trip.start, today)
        while day <= min(trip.end, last):
            if day not in settled and day not in seen:
                seen.add(day)
                yield _nudge_event(trip, day, reminders.nudge_time, language)
            day += ONE_DAY


def _nudge_event(trip: Trip, day: dt.date, at: dt.time, language: str) -> icalendar.Event:
    summary = _("Call someone in %(place)s tonight") % {"place": trip.place.name_in(language)}
    start = dt.datetime.combine(day, at, tzinfo=place_zone(trip.place))
    event = icalendar.Event()
    event.add("uid", f"evening-{trip.pk}-{day:%Y%m%d}@tafelrunde")
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + NUDGE_LENGTH)
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", dt.timedelta(0))
    event.add_component(alarm)
    return event
