"""What is due when, and in whose time zone.

- The trip digest: from 08:00 home time, `digest_days_before` days before the trip starts,
  until the trip starts (a trip added later than that gets it at once).
- The afternoon nudge: on each evening of a trip, from the nudge time in the trip place's
  time zone until that evening's midnight there, unless the evening has found company or
  the user said "alone tonight".
- The weekly small attentions: from the chosen weekday and time at home, for that week.

Each moment has a unique key ("nudge:7:2026-12-08"), so looking again (a restart, a second
worker) finds what was recorded and records nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db.models import Q

from tafelrunde.accounts.models import Profile, profile_for
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.owned import Owner
from tafelrunde.reminders.models import Kind, Message, ReminderSettings, settings_for
from tafelrunde.travel.models import Trip

HOME_MORNING = dt.time(8)  # when a trip digest goes out, at home
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Due:
    kind: str
    key: str
    expires_at: dt.datetime
    trip: Trip | None = None
    day: dt.date | None = None  # the evening (nudge), the week's first day (weekly)


def zone(name: str | None) -> dt.tzinfo:
    try:
        return ZoneInfo(name or settings.TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def home_zone(profile: Profile) -> dt.tzinfo:
    """The account's home time zone: its home place's, else the server's."""
    return zone(profile.home_place.timezone if profile.home_place else None)


def at(day: dt.date, clock: dt.time, tz: dt.tzinfo) -> dt.datetime:
    """The moment `clock` on `day` in the zone `tz` (on a daylight-saving day as well)."""
    return dt.datetime.combine(day, clock, tzinfo=tz)


def due_now(owner: Owner, now: dt.datetime) -> list[Due]:
    """What is due for the owner at `now`, recorded or not, at most one per key."""
    prefs = settings_for(owner)
    profile = profile_for(owner)
    found: dict[str, Due] = {}
    for due in [*_trips(owner, prefs, profile, now), *_weekly(owner, prefs, profile, now)]:
        found.setdefault(due.key, due)
    return list(found.values())


def not_recorded(dues: list[Due]) -> list[Due]:
    recorded = set(
        Message.objects.filter(key__in=[due.key for due in dues]).values_list("key", flat=True)
    )
    return [due for due in dues if due.key not in recorded]


def _trips(owner: Owner, prefs: ReminderSettings, profile: Profile, now: dt.datetime):
    if not (prefs.trip_digest or prefs.nudge):
        return []
    ahead = max(prefs.digest_days_before, 0) + 2
    trips = (
        Trip.objects.owned_by(owner)
        .filter(end__gte=(now - 2 * DAY).date(), start__lte=(now + ahead * DAY).date())
        .select_related("place")
        .order_by("start", "id")
    )
    home = home_zone(profile)
    dues = []
    for trip in trips:
        there = zone(trip.place.timezone)
        starts = at(trip.start, dt.time(0), there)
        if prefs.trip_digest:
            first_day = trip.start - prefs.digest_days_before * DAY
            if at(first_day, HOME_MORNING, home) <= now < starts:
                key = f"{Kind.TRIP_DIGEST}:{owner.pk}:{trip.pk}"
                dues.append(Due(Kind.TRIP_DIGEST, key, starts, trip=trip))
        local_day = now.astimezone(there).date()
        if prefs.nudge and trip.start <= local_day <= trip.end:
            midnight = at(local_day + DAY, dt.time(0), there)
            if at(local_day, prefs.nudge_time, there) <= now < midnight:
                key = f"{Kind.NUDGE}:{owner.pk}:{local_day.isoformat()}"
                dues.append(Due(Kind.NUDGE, key, midnight, trip=trip, day=local_day))
    settled = settled_evenings(owner, [due.day for due in dues if due.day])
    return [due for due in dues if due.day not in settled]


def settled_evenings(owner: Owner, days: list[dt.date]) -> set[dt.date]:
    """Of these evenings, those that found company or that the user spends alone."""
    if not days:
        return set()
    return set(
        Evening.objects.owned_by(owner)
        .filter(date__in=days)
        .filter(Q(alone_at__isnull=False) | Q(attempts__outcome=Attempt.Outcome.ACCEPTED))
        .values_list("date", flat=True)
    )


def _weekly(owner: Owner, prefs: ReminderSettings, profile: Profile, now: dt.datetime):
    if not prefs.weekly:
        return []
    home = home_zone(profile)
    today = now.astimezone(home).date()
    week_starts = today - today.weekday() * DAY
    moment = at(week_starts + prefs.weekly_day % 7 * DAY, prefs.weekly_time, home)
    if now < moment:
        return []
    year, week, _weekday = week_starts.isocalendar()
    key = f"{Kind.WEEKLY}:{owner.pk}:{year}-W{week:02d}"
    expires = moment + 7 * DAY  # until the next one
    return [Due(Kind.WEEKLY, key, expires, day=week_starts)]
