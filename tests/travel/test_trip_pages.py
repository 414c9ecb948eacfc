"""Trip pages: upcoming and past trips, adding and editing with a place in any spelling."""

import datetime as dt

import pytest
from django.urls import reverse

from tafelrunde.travel.models import Trip
from tests.factories import PlaceFactory, TripFactory

pytestmark = pytest.mark.usefixtures("frozen_noon_12_march_2025")
TODAY = dt.date(2025, 3, 12)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def trip_form_data(**overrides) -> dict:
    data = {"place": "Muenchen", "start": "2025-04-01", "end": "2025-04-03", "hotel": ""}
    data.update(overrides)
    return data


def test_it_lists_upcoming_trips_with_dates_nights_and_hotel(owner_client, owner, outsider):
    TripFactory(owner=owner, start=days(5), end=days(7), hotel="Hotel Bellevue")
    TripFactory(owner=owner, place=PlaceFactory(city="Lisbon"), start=days(-30), end=days(-28))
    TripFactory(owner=outsider, place=PlaceFactory(city="Berlin"), start=days(3))
    response = owner_client.get(reverse("trip-list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dresden" in page
    assert "Mon 17 Mar 2025 – Wed 19 Mar 2025" in page
    assert "3 nights" in page
    assert "Hotel Bellevue" in page
    assert "Lisbon" not in page
    assert "Berlin" not in page
    assert "Show 1 past trip" in page


def test_all_shows_past_trips_too(owner_client, owner):
    TripFactory(owner=owner, place=PlaceFactory(city="Lisbon"), start=days(-30), end=days(-28))
    TripFactory(owner=owner, start=days(5))
    page = owner_client.get(reverse("trip-list"), {"all": "1"}).content.decode()
    assert "Lisbon" in page
    assert "Dresden" in page


def test_the_add_page_renders(owner_client):
    response = owner_client.get(reverse("trip-create"))
    assert response.status_code == 200
    assert 'for="id_place"' in response.content.decode()


def test_it_adds_a_trip_to_muenchen_in_munich(owner_client, owner):
    data = trip_form_data(hotel="Bayerischer Hof", title="Messe")
    response = owner_client.post(reverse("trip-create"), data)
    assert response.status_code == 302
    trip = Trip.objects.owned_by(owner).get()
    assert trip.place.name == "Munich"
    assert (trip.start, trip.end) == (dt.date(2025, 4, 1), dt.date(2025, 4, 3))
    assert trip.hotel == "Bayerischer Hof"
    assert "Added the trip to Munich." in owner_client.get(response.url).content.decode()


def test_an_unknown_place_is_a_form_error(owner_client):
    response = owner_client.post(reverse("trip-create"), trip_form_data(place="Qwxzrtplk"))
    assert response.status_code == 200
    assert "No place called “Qwxzrtplk” is known." in response.content.decode()
    assert not Trip.objects.exists()


def test_an_end_before_the_start_is_a_form_error(owner_client):
    data = trip_form_data(start="2025-04-03", end="2025-04-01")
    response = owner_client.post(reverse("trip-create"), data)
    assert response.status_code == 200
    assert "The trip cannot end before it starts." in response.content.decode()
    assert not Trip.objects.exists()


def test_editing_keeps_the_place_when_its_name_is_unchanged(owner_client, owner):
    trip = TripFactory(owner=owner, place=PlaceFactory(city="Radebeul"), start=days(1))
    form = owner_client.get(reverse("trip-edit", args=[trip.pk])).context["form"]
    assert form["place"].value() == "Radebeul"
    data = trip_form_data(place="Radebeul", hotel="Hotel Goldener Anker")
    response = owner_client.post(reverse("trip-edit", args=[trip.pk]), data)
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.place.name == "Radebeul"
    assert trip.hotel == "Hotel Goldener Anker"


def test_outsider_gets_404_for_trip_edit(outsider_client, owner):
    trip = TripFactory(owner=owner)
    assert outsider_client.get(reverse("trip-edit", args=[trip.pk])).status_code == 404
    response = outsider_client.post(reverse("trip-edit", args=[trip.pk]), trip_form_data())
    assert response.status_code == 404
    assert outsider_client.post(reverse("trip-delete", args=[trip.pk])).status_code == 404
    trip.refresh_from_db()
    assert trip.place.name == "Dresden"


def test_deleting_a_trip_asks_first(owner_client, owner):
    trip = TripFactory(owner=owner)
    assert owner_client.get(reverse("trip-delete", args=[trip.pk])).status_code == 200
    response = owner_client.post(reverse("trip-delete", args=[trip.pk]))
    assert response.url == reverse("trip-list")
    assert not Trip.objects.exists()
