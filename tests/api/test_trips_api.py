"""/api/v1/trips: where you will be, with how many people you know nearby."""

import datetime as dt

import pytest
import time_machine

from tafelrunde.travel.models import Trip
from tests.factories import ContactFactory, PlaceFactory, TripFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 3, 14)


@pytest.fixture(autouse=True)
def on_the_14th():
    with time_machine.travel(dt.datetime(2025, 3, 14, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_upcoming_trips_with_people_nearby(api, owner):
    dresden = PlaceFactory(city="Dresden")
    for _ in range(2):
        contact = ContactFactory(owner=owner)
        contact.set_location(dresden, "address", 0.9)
        contact.save()
    TripFactory(
        owner=owner,
        place=dresden,
        start=TODAY - dt.timedelta(days=10),
        end=TODAY - dt.timedelta(days=9),
    )
    ahead = TripFactory(
        owner=owner, place=dresden, start=TODAY + dt.timedelta(days=3), hotel="Taschenbergpalais"
    )
    data = api.get("/trips").json()
    assert data["count"] == 1
    [trip] = data["items"]
    assert trip["id"] == ahead.pk
    assert trip["place"]["name"] == "Dresden"
    assert (trip["start"], trip["end"], trip["hotel"]) == (
        "2025-03-17",
        "2025-03-19",
        "Taschenbergpalais",
    )
    assert trip["candidate_count"] == 2
    assert api.get("/trips", all="true").json()["count"] == 2


def test_the_count_is_the_one_the_trips_command_shows(api, owner, capsys):
    import json

    from django.core.management import call_command

    dresden = PlaceFactory(city="Dresden")
    contact = ContactFactory(owner=owner)
    contact.set_location(dresden, "address", 0.9)
    contact.save()
    TripFactory(owner=owner, place=dresden, start=TODAY)
    call_command("trips", "--json")
    [expected] = json.loads(capsys.readouterr().out)["trips"]
    [trip] = api.get("/trips").json()["items"]
    assert trip["candidate_count"] == expected["candidate_count"] == 1


def test_adding_a_trip_in_any_spelling(api, owner):
    response = api.post(
        "/trips",
        {
            "place": "Muenchen",
            "start": "2025-04-01",
            "end": "2025-04-03",
            "hotel": "Bayerischer Hof",
        },
    )
    assert response.status_code == 201
    data = response.json()
    assert data["place"]["name"] == "Munich"
    assert Trip.objects.get(pk=data["id"]).owner == owner
    assert api.get(f"/trips/{data['id']}").json() == data


@pytest.mark.parametrize(
    "body, where",
    [
        ({"place": "Atlantis-upon-Sea", "start": "2025-04-01", "end": "2025-04-03"}, "body.place"),
        ({"place": "Dresden", "start": "2025-04-03", "end": "2025-04-01"}, "body.end"),
        ({"place": "Dresden", "start": "2025-04-01"}, "body.end"),
        ({"place": "", "start": "2025-04-01", "end": "2025-04-03"}, "body.place"),
        ({"place": "Dresden", "start": "01.04.2025", "end": "2025-04-03"}, "body.start"),
    ],
)
def test_bad_trips_are_refused_field_by_field(api, body, where):
    response = api.post("/trips", body)
    assert response.status_code == 422
    assert where in {".".join(map(str, e["loc"])) for e in response.json()["detail"]}
    assert not Trip.objects.exists()


def test_deleting_a_trip(api, owner):
    trip = TripFactory(owner=owner)
    assert api.delete(f"/trips/{trip.pk}").status_code == 204
    assert not Trip.objects.exists()
    assert api.get(f"/trips/{trip.pk}").status_code == 404
