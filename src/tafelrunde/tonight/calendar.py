"""A planned dinner as an iCalendar file, at its time in the place's own time zone."""

from __future__ import annotations

import contextlib
import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
from django.utils import timezone

from tafelrunde.meals.models import Meal
from tafelrunde.network.models import Place

DINNER_LENGTH = dt.timedelta(hours=2, minutes=30)
SUMMARIES = {"de": "Abendessen mit {guests}", "en": "Dinner with {guests}"}


def dinner_summary(guests: list[str], language: str) -> str:
    """ "Abendessen mit Jörg Müller" or "Dinner with Jörg Müller"."""
    template = SUMMARIES.get(language, SUMMARIES["en"])
    return template.format(guests=", ".join(guests))


def place_zone(place: Place | None) -> dt.tzinfo:
    """The place's time zone; the installation's when there is no place or its zone is unknown."""
    try:
        return ZoneInfo(place.timezone) if place else timezone.get_default_timezone()
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.get_default_timezone()


def dinner_event(meal: Meal, guests: list[str], language: str) -> icalendar.Event:
    """The dinner as a VEVENT: timed when the meal has a time, otherwise the whole day."""
    event = icalendar.Event()
    event.add("uid", f"meal-{meal.pk}@tafelrunde")
    event.add("dtstamp", timezone.now())
    event.add("summary", dinner_summary(guests, language))
    if meal.time:
        start = dt.datetime.combine(meal.date, meal.time, tzinfo=place_zone(meal.place))
        event.add("dtstart", start)
        event.add("dtend", _end(start))
    else:
        event.add("dtstart", meal.date)
    location = ", ".join(part for part in (meal.restaurant, meal.restaurant_address) if part)
    if not location and meal.place:
        location = meal.place.name
    if location:
        event.add("location", location)
    return event


def dinner_ics(meal: Meal, guests: list[str], language: str) -> bytes:
    """A calendar file with the one dinner."""
    event = dinner_event(meal, guests, language)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tafelrunde//Dinner//EN")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    # A VTIMEZONE around the dinner only, not every rule since 1970.
    year = dt.timedelta(days=366)
    # A dinner dated 0001 or 9999 (the forms take it) gets no VTIMEZONE: the window overflows.
    with contextlib.suppress(OverflowError):
        calendar.add_missing_timezones(first_date=meal.date - year, last_date=meal.date + year)
    return calendar.to_ical()


def _end(start: dt.datetime) -> dt.datetime:
    """When the dinner ends; on the last evening the calendar has, at its last second."""
    try:
        return start + DINNER_LENGTH
    except OverflowError:
        return start.replace(hour=23, minute=59, second=59)
