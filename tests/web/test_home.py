"""The home page: who you are, where you are today, what comes next."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ContactFactory, PlaceFactory, TripFactory

pytestmark = pytest.mark.usefixtures("frozen_noon_12_march_2025")
TODAY = dt.date(2025, 3, 12)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


def test_it_greets_the_owner_by_name(owner_client):
    response = owner_client.get(reverse("home"))
    assert response.status_code == 200
    assert "Hello, Hans Gastgeber" in response.content.decode()


def test_it_says_where_you_are_today_with_the_hotel(owner_client, owner):
    TripFactory(owner=owner, start=days(-1), end=days(2), hotel="Hotel Taschenbergpalais")
    page = owner_client.get(reverse("home")).content.decode()
    assert "Today you are in Dresden (until March 14, 2025)" in page
    assert "Hotel Taschenbergpalais" in page


def test_it_lists_the_next_five_trips(owner_client, owner):
    for week in range(1, 8):
        TripFactory(owner=owner, place=PlaceFactory(city="Munich"), start=days(7 * week))
    TripFactory(owner=owner, place=PlaceFactory(city="Lisbon"), start=days(-20))
    response = owner_client.get(reverse("home"))
    trips = response.context["upcoming_trips"]
    assert [trip.start for trip in trips] == [days(7 * week) for week in range(1, 6)]
    assert "Lisbon" not in response.content.decode()
    assert "Today you are in" not in response.content.decode()


def test_it_counts_contacts_and_located_contacts(owner_client, owner):
    ContactFactory.create_batch(2, owner=owner)
    located = ContactFactory(owner=owner)
    located.set_location(PlaceFactory(), "address", 0.95)
    located.save()
    page = owner_client.get(reverse("home")).content.decode()
    assert "3 contacts" in page
    assert "1 located" in page


def test_it_shows_nothing_of_another_account(outsider_client, owner):
    TripFactory(owner=owner, start=days(-1), end=days(1), hotel="Hotel Taschenbergpalais")
    ContactFactory(owner=owner)
    page = outsider_client.get(reverse("home")).content.decode()
    assert "Today you are in" not in page
    assert "0 contacts" in page


def test_it_links_to_adding_contacts_and_trips(owner_client):
    page = owner_client.get(reverse("home")).content.decode()
    assert reverse("contact-create") in page
    assert reverse("trip-create") in page
    assert f'action="{reverse("contact-list")}"' in page
