"""Events become trips; a later change moves only what the user has not edited by hand."""

import datetime as dt

import pytest

from tafelrunde.accounts.models import profile_for
from tafelrunde.core.records import TripRecord
from tafelrunde.sync.models import Collection, Item, Source
from tafelrunde.sync.trips import apply_events
from tafelrunde.travel.models import Trip
from tests.factories import AttemptFactory, EveningFactory, TripFactory


@pytest.fixture
def feed(owner, dresden):
    profile = profile_for(owner)
    profile.home_place = dresden
    profile.home_country = "DE"
    profile.save()
    source = Source(owner=owner, kind=Source.Kind.ICS, name="Work calendar")
    source.set_url("http://127.0.0.1:1/feed.ics")
    source.save()
    return source, Collection.objects.create(source=source, href="")


def event(
    uid="leipzig-1", location="Leipzig", start=(2025, 3, 12), end=(2025, 3, 14), title="Messe"
):
    return TripRecord(1, uid, title, location, dt.date(*start), dt.date(*end))


def test_a_new_event_away_from_home_becomes_a_trip(feed, owner):
    report = apply_events(*feed, {"leipzig-1": event()}, [])
    trip = Trip.objects.get(owner=owner)
    assert (trip.place.name, trip.start, trip.end, trip.title) == (
        "Leipzig",
        dt.date(2025, 3, 12),
        dt.date(2025, 3, 14),
        "Messe",
    )
    assert trip.calendar_uid == "leipzig-1"
    item = Item.objects.get(trip=trip)
    assert item.applied["start"] == "2025-03-12" and item.applied["place"] == trip.place_id
    assert report.created == 1


def test_an_event_at_home_is_no_trip(feed, owner):
    report = apply_events(*feed, {"home": event(uid="home", location="Dresden")}, [])
    assert not Trip.objects.filter(owner=owner).exists()
    assert report.counts() == {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}


def test_a_trip_imported_from_a_file_is_linked_not_doubled(feed, owner):
    apply_events(*feed, {"a": event()}, [])
    Item.objects.all().delete()  # as if the trip came from a file import
    report = apply_events(*feed, {"a": event()}, [])
    assert Trip.objects.filter(owner=owner).count() == 1
    assert report.unchanged == 1 and Item.objects.get().trip is not None


def test_a_moved_event_moves_the_trip(feed, owner):
    apply_events(*feed, {"a": event()}, [])
    report = apply_events(*feed, {"a": event(start=(2025, 4, 1), end=(2025, 4, 3))}, [])
    trip = Trip.objects.get(owner=owner)
    assert (trip.start, trip.end) == (dt.date(2025, 4, 1), dt.date(2025, 4, 3))
    assert report.updated == 1


def test_a_field_edited_by_hand_is_kept_and_the_new_value_offered(feed, owner):
    apply_events(*feed, {"a": event()}, [])
    trip = Trip.objects.get(owner=owner)
    trip.title = "Meine Messe"
    trip.save()
    apply_events(*feed, {"a": event(title="Leipziger Messe", start=(2025, 3, 11))}, [])
    trip.refresh_from_db()
    assert trip.title == "Meine Messe"
    assert trip.start == dt.date(2025, 3, 11)  # not edited: follows the calendar
    item = Item.objects.get(trip=trip)
    assert item.offered == {"title": "Leipziger Messe"}
    # The calendar comes round to the user's value: nothing left to offer.
    apply_events(*feed, {"a": event(title="Meine Messe", start=(2025, 3, 11))}, [])
    item.refresh_from_db()
    assert item.offered == {}


def test_a_removed_event_takes_its_untouched_trip_along(feed, owner):
    apply_events(*feed, {"a": event()}, [])
    report = apply_events(*feed, {}, ["a"])
    assert not Trip.objects.filter(owner=owner).exists()
    assert not Item.objects.exists()
    assert report.removed == 1


def test_a_cancelled_event_takes_its_untouched_trip_along(feed, owner):
    apply_events(*feed, {"a": event()}, [])
    apply_events(*feed, {"a": None}, [])
    assert not Trip.objects.filter(owner=owner).exists()


def test_a_removed_event_whose_trip_has_calls_is_kept_and_marked(feed, owner):
    apply_events(*feed, {"a": event()}, [])
    trip = Trip.objects.get(owner=owner)
    evening = EveningFactory(owner=owner, place=trip.place, trip=trip, date=trip.start)
    AttemptFactory(evening=evening)
    report = apply_events(*feed, {}, ["a"])
    assert Trip.objects.filter(pk=trip.pk).exists()
    assert Item.objects.get(trip=trip).removed_at is not None
    assert report.removed == 1


def test_a_removed_event_whose_trip_was_edited_is_kept(feed, owner):
    apply_events(*feed, {"a": event()}, [])
    Trip.objects.filter(owner=owner).update(hotel="Hotel Fürstenhof")
    apply_events(*feed, {}, ["a"])
    assert Item.objects.get().removed_at is not None


def test_other_trips_are_left_alone(feed, owner, dresden):
    other = TripFactory(owner=owner, place=dresden)
    apply_events(*feed, {"a": event()}, [])
    apply_events(*feed, {}, ["a"])
    assert list(Trip.objects.filter(owner=owner)) == [other]


def test_the_trip_page_shows_what_the_calendar_says_and_takes_it(feed, owner, owner_client):
    apply_events(*feed, {"a": event()}, [])
    trip = Trip.objects.get(owner=owner)
    trip.title = "Meine Messe"
    trip.save()
    apply_events(*feed, {"a": event(title="Leipziger Messe")}, [])
    page = owner_client.get(f"/trips/{trip.pk}/edit/")
    text = page.content.decode()
    assert "Your calendar Work calendar now says: 12–14 March, Leipzig, Leipziger Messe" in text
    assert "Take the calendar&#x27;s version" in text or "Take the calendar's version" in text
    answer = owner_client.post(f"/trips/{trip.pk}/edit/", {"take_calendar": "1"})
    assert answer.status_code == 302
    trip.refresh_from_db()
    assert trip.title == "Leipziger Messe"
    assert Item.objects.get(trip=trip).offered == {}


def test_the_trip_page_says_the_event_was_cancelled(feed, owner, owner_client):
    apply_events(*feed, {"a": event()}, [])
    trip = Trip.objects.get(owner=owner)
    trip.notes = "Call Jörg"
    trip.save()
    apply_events(*feed, {}, ["a"])
    text = owner_client.get(f"/trips/{trip.pk}/edit/").content.decode()
    assert "Cancelled in Work calendar on" in text


def test_another_account_cannot_take_the_calendars_version(feed, owner, outsider_client):
    apply_events(*feed, {"a": event()}, [])
    trip = Trip.objects.get(owner=owner)
    answer = outsider_client.post(f"/trips/{trip.pk}/edit/", {"take_calendar": "1"})
    assert answer.status_code == 404
