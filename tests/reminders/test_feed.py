"""The private calendar feed's content, parsed back with icalendar event by event."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tafelrunde.accounts.models import profile_for
from tafelrunde.evenings.models import Attempt
from tafelrunde.meals.models import Meal
from tafelrunde.reminders.feed import calendar_feed
from tafelrunde.reminders.models import ReminderSettings
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EveningFactory,
    FollowUpFactory,
    MealFactory,
    MealParticipantFactory,
    TripFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_noon_12_march_2025")]

TODAY = dt.date(2025, 3, 12)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def english(owner):
    profile = profile_for(owner)
    profile.language = "en"
    profile.save()
    return owner


@pytest.fixture
def trip(english, dresden):
    """Wednesday to Friday in Dresden."""
    return TripFactory(
        owner=english,
        place=dresden,
        start=TODAY,
        end=TODAY + dt.timedelta(days=2),
        hotel="Bellevue",
    )


def events_of(owner, today=TODAY) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(calendar_feed(owner, today))
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_feed_is_a_calendar_named_tafelrunde(english):
    calendar = icalendar.Calendar.from_ical(calendar_feed(english, TODAY))
    assert calendar["version"] == "2.0"
    assert calendar["prodid"].startswith("-//Tafelrunde//")
    assert calendar["x-wr-calname"] == "Tafelrunde"
    assert calendar["refresh-interval"].dt == dt.timedelta(hours=1)
    assert calendar["x-published-ttl"] == "PT1H"
    assert not calendar.walk("VEVENT")


def test_a_trip_is_an_all_day_event_to_the_day_after_its_last_evening(trip):
    event = events_of(trip.owner)[f"trip-{trip.pk}@tafelrunde"]
    assert event["summary"] == "Trip to Dresden"
    assert event.decoded("dtstart") == dt.date(2025, 3, 12)
    assert event.decoded("dtend") == dt.date(2025, 3, 15)
    assert event["location"] == "Bellevue, Dresden"
    assert event["transp"] == "TRANSPARENT"


def test_a_trip_with_a_title_is_called_by_it(english, dresden):
    trip = TripFactory(owner=english, place=dresden, start=TODAY, end=TODAY, title="Messe")
    assert events_of(english)[f"trip-{trip.pk}@tafelrunde"]["summary"] == "Messe"


def test_trips_far_away_in_time_are_left_out(english, dresden):
    TripFactory(owner=english, place=dresden, start=dt.date(2024, 1, 8), end=dt.date(2024, 1, 9))
    TripFactory(owner=english, place=dresden, start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 2))
    assert not [uid for uid in events_of(english) if uid.startswith("trip-")]


def test_a_planned_dinner_is_at_its_time_in_the_places_zone(english, dresden):
    meal = MealFactory(
        owner=english,
        place=dresden,
        status=Meal.Status.PLANNED,
        date=dt.date(2025, 3, 20),
        time=dt.time(19, 30),
        restaurant="Sophienkeller",
    )
    MealParticipantFactory(meal=meal, name="Jörg Müller", contact=None)
    calendar = icalendar.Calendar.from_ical(calendar_feed(english, TODAY))
    event = {str(e["uid"]): e for e in calendar.walk("VEVENT")}[f"meal-{meal.pk}@tafelrunde"]
    assert event["summary"] == "Dinner with Jörg Müller"
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("dtstart") == dt.datetime(2025, 3, 20, 19, 30, tzinfo=BERLIN)
    assert event.decoded("dtend") == dt.datetime(2025, 3, 20, 22, 0, tzinfo=BERLIN)
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_a_dinner_without_a_time_takes_the_day_and_one_held_is_left_out(english, dresden):
    planned = MealFactory(
        owner=english, place=dresden, status=Meal.Status.PLANNED, date=dt.date(2025, 3, 21)
    )
    held = MealFactory(owner=english, place=dresden, date=dt.date(2025, 3, 10))
    events = events_of(english)
    assert events[f"meal-{planned.pk}@tafelrunde"].decoded("dtstart") == dt.date(2025, 3, 21)
    assert events[f"meal-{planned.pk}@tafelrunde"]["summary"] == "Dinner at Sophienkeller"
    assert f"meal-{held.pk}@tafelrunde" not in events


def test_a_follow_up_due_is_on_its_day_and_its_text_survives_escaping(english, joerg):
    text = "Send the offer, the plan; and\nthe invoice \\ receipts"
    due = FollowUpFactory(contact=joerg, text=text, due=dt.date(2025, 3, 18))
    FollowUpFactory(contact=joerg, text="no date")
    FollowUpFactory(contact=joerg, due=dt.date(2025, 3, 19), done_at=timezone.now())
    raw = calendar_feed(english, TODAY)
    assert b"Send the offer\\, the plan\\; and\\nthe invoice \\\\ receipts" in raw
    follow_ups = {
        uid: event for uid, event in events_of(english).items() if uid.startswith("follow-up-")
    }
    assert list(follow_ups) == [f"follow-up-{due.pk}@tafelrunde"]
    event = follow_ups[f"follow-up-{due.pk}@tafelrunde"]
    assert event["summary"] == f"Jörg Müller: {text}"
    assert event["description"] == text
    assert event.decoded("dtstart") == dt.date(2025, 3, 18)
    assert event.decoded("dtend") == dt.date(2025, 3, 19)


def test_a_birthday_comes_back_every_year(english, joerg):
    joerg.birthday = dt.date(1976, 3, 14)
    joerg.save()
    event = events_of(english)[f"birthday-{joerg.pk}@tafelrunde"]
    assert event["summary"] == "Birthday of Jörg Müller"
    assert event.decoded("dtstart") == dt.date(2024, 3, 14)
    assert event.decoded("dtend") == dt.date(2024, 3, 15)
    assert event["rrule"] == icalendar.vRecur({"FREQ": ["YEARLY"]})


def test_a_birthday_on_29_february_falls_on_the_last_of_february(english):
    leapling = ContactFactory(owner=english, birthday=dt.date(1988, 2, 29))
    event = events_of(english)[f"birthday-{leapling.pk}@tafelrunde"]
    assert event.decoded("dtstart") == dt.date(2024, 2, 29)
    assert event["rrule"]["BYMONTHDAY"] == [-1]
    assert event["rrule"]["BYMONTH"] == [2]


def test_each_trip_evening_without_company_reminds_at_the_nudge_time(trip):
    AttemptFactory(
        evening=EveningFactory(owner=trip.owner, place=trip.place, date=dt.date(2025, 3, 13)),
        outcome=Attempt.Outcome.ACCEPTED,
    )
    EveningFactory(
        owner=trip.owner, place=trip.place, date=dt.date(2025, 3, 14), alone_at=timezone.now()
    )
    nudges = {uid: e for uid, e in events_of(trip.owner).items() if uid.startswith("evening-")}
    assert list(nudges) == [f"evening-{trip.pk}-20250312@tafelrunde"]
    event = nudges[f"evening-{trip.pk}-20250312@tafelrunde"]
    assert event["summary"] == "Call someone in Dresden tonight"
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("dtstart") == dt.datetime(2025, 3, 12, 16, 0, tzinfo=BERLIN)
    assert event.decoded("dtend") == dt.datetime(2025, 3, 12, 16, 30, tzinfo=BERLIN)
    [alarm] = event.walk("VALARM")
    assert alarm["action"] == "DISPLAY"
    assert alarm.decoded("trigger") == dt.timedelta(0)
    assert alarm["description"] == "Call someone in Dresden tonight"


def test_an_evening_with_only_declines_still_gets_its_reminder(trip):
    AttemptFactory(evening=EveningFactory(owner=trip.owner, place=trip.place, date=TODAY))
    assert f"evening-{trip.pk}-20250312@tafelrunde" in events_of(trip.owner)


def test_the_reminder_follows_the_chosen_nudge_time(trip):
    ReminderSettings.objects.create(owner=trip.owner, nudge_time=dt.time(17, 15))
    event = events_of(trip.owner)[f"evening-{trip.pk}-20250313@tafelrunde"]
    assert event.decoded("dtstart") == dt.datetime(2025, 3, 13, 17, 15, tzinfo=BERLIN)


def test_no_reminders_when_the_nudge_is_switched_off(trip):
    ReminderSettings.objects.create(owner=trip.owner, nudge=False)
    events = events_of(trip.owner)
    assert f"trip-{trip.pk}@tafelrunde" in events
    assert not [uid for uid in events if uid.startswith("evening-")]


def test_past_evenings_get_no_reminder(english, dresden):
    past = TripFactory(owner=english, place=dresden, start=TODAY - dt.timedelta(days=3), end=TODAY)
    nudges = [uid for uid in events_of(english) if uid.startswith("evening-")]
    assert nudges == [f"evening-{past.pk}-20250312@tafelrunde"]


def test_the_uids_stay_the_same_from_one_fetch_to_the_next(trip, joerg):
    joerg.birthday = dt.date(1980, 7, 1)
    joerg.save()
    FollowUpFactory(contact=joerg, due=dt.date(2025, 4, 1))
    first = events_of(trip.owner)
    assert len(first) == 6  # the trip, three evenings, the follow-up, the birthday
    assert list(events_of(trip.owner)) == list(first)


def test_the_entries_speak_the_accounts_language(owner, dresden):
    trip = TripFactory(owner=owner, place=dresden, start=TODAY, end=TODAY)
    meal = MealFactory(owner=owner, place=dresden, status=Meal.Status.PLANNED, date=TODAY)
    MealParticipantFactory(meal=meal, name="Jörg Müller", contact=None)
    events = events_of(owner)  # German, the default
    assert events[f"meal-{meal.pk}@tafelrunde"]["summary"] == "Abendessen mit Jörg Müller"
    assert f"trip-{trip.pk}@tafelrunde" in events


def test_another_accounts_rows_are_not_in_the_feed(english, outsider, dresden):
    TripFactory(owner=outsider, place=dresden, start=TODAY, end=TODAY)
    ContactFactory(owner=outsider, birthday=dt.date(1970, 1, 1))
    assert events_of(english) == {}


def test_the_feed_takes_the_same_few_queries_for_many_rows(english, dresden):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            calendar_feed(english, TODAY)
        return len(captured)

    def add_one_of_each(date):
        TripFactory(owner=english, place=dresden, start=date, end=date)
        meal = MealFactory(owner=english, place=dresden, status=Meal.Status.PLANNED, date=date)
        MealParticipantFactory(meal=meal)
        FollowUpFactory(contact=ContactFactory(owner=english, birthday=date), due=date)

    add_one_of_each(TODAY)
    few = queries()
    for day in range(1, 11):
        add_one_of_each(TODAY + dt.timedelta(days=day * 3))
    assert queries() == few <= 8
