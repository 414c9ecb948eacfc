"""/api/v1/tonight and /api/v1/attempts: the call list and the calls, as the commands give them."""

import datetime as dt
import json
import uuid

import pytest
from django.core.management import call_command

from tafelrunde.evenings.models import Attempt, Evening
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EveningFactory,
    PhoneFactory,
    PlaceFactory,
    TripFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_evening_14_march_2025")]
DAY = dt.date(2025, 3, 14)


def located(owner, place, full_name: str, **fields):
    given, family = full_name.split(" ", 1)
    contact = ContactFactory.build(owner=owner, given_name=given, family_name=family, **fields)
    contact.set_location(place, "address", 0.9)
    contact.save()
    return contact


def errors_of(response) -> dict:
    assert response.status_code == 422, response.content
    return {".".join(map(str, e["loc"])): e["msg"] for e in response.json()["detail"]}


def test_tonight_is_what_the_tonight_command_prints(api, owner, dresden, capsys):
    anna = located(owner, dresden, "Anna Albrecht", organisation="Elbe AG", importance=5)
    PhoneFactory(contact=anna, number="+4935112345")
    located(owner, dresden, "Bernd Berger")
    located(owner, PlaceFactory(city="Radebeul"), "Rita Radebeul")
    call_command("tonight", "Dresden", "--radius", "5", "--limit", "2", "--json")
    expected = json.loads(capsys.readouterr().out)
    response = api.get("/tonight", place="Dresden", radius="5", limit="2")
    assert response.status_code == 200
    assert response.json() == expected
    assert [c["name"] for c in expected["candidates"]] == ["Anna Albrecht", "Bernd Berger"]


def test_tonight_answers_in_english_whatever_the_clients_language(api, owner, dresden):
    located(owner, dresden, "Anna Albrecht")
    headers = {**api._headers(), "Accept-Language": "de"}
    data = api.client.get("/api/v1/tonight?place=Dresden", headers=headers).json()
    assert data["candidates"][0]["reasons"] == ["customer", "same city"]
    refused = api.client.get("/api/v1/tonight?place=Atlantis-upon-Sea", headers=headers).json()
    assert refused["detail"][0]["msg"] == "No place called 'Atlantis-upon-Sea' is known."


def test_tonight_takes_any_spelling_and_a_date(api, owner, dresden):
    munich = PlaceFactory(city="Munich")
    located(owner, munich, "Maria Huber")
    data = api.get("/tonight", place="München", date="2025-03-20").json()
    assert (data["place"]["name"], data["date"]) == ("Munich", "2025-03-20")
    assert [c["name"] for c in data["candidates"]] == ["Maria Huber"]


def test_without_a_place_tonight_is_at_the_trips_place(api, owner, dresden):
    TripFactory(owner=owner, place=dresden, start=DAY)
    located(owner, dresden, "Anna Albrecht")
    data = api.get("/tonight").json()
    assert data["place"]["name"] == "Dresden"
    assert [c["name"] for c in data["candidates"]] == ["Anna Albrecht"]


@pytest.mark.parametrize(
    "params, where, message",
    [
        (
            {"place": "Atlantis-upon-Sea"},
            "query.place",
            "No place called 'Atlantis-upon-Sea' is known.",
        ),
        ({}, "query.place", "No trip includes 2025-03-14: name a place."),
        ({"place": "Dresden", "date": "2025-02-30"}, "query.date", None),
        ({"place": "Dresden", "date": "0"}, "query.date", None),
        ({"place": "Dresden", "radius": "0"}, "query.radius", None),
        ({"place": "Dresden", "radius": "1e308"}, "query.radius", None),
        ({"place": "Dresden", "radius": "nan"}, "query.radius", None),
        ({"place": "Dresden", "limit": str(2**64)}, "query.limit", None),
        ({"place": "Dresden", "when": "now"}, "query.when", None),
    ],
)
def test_tonight_refuses_bad_questions_clearly(api, owner, dresden, params, where, message):
    errors = errors_of(api.get("/tonight", **params))
    assert where in errors
    if message:
        assert errors[where] == message


def test_a_call_is_logged_on_the_trips_evening(api, owner, dresden, capsys):
    TripFactory(owner=owner, place=dresden, start=DAY)
    anna = located(owner, dresden, "Anna Albrecht")
    response = api.post("/attempts", {"contact_id": anna.pk, "outcome": "declined"})
    assert response.status_code == 201
    data = response.json()
    attempt = Attempt.objects.get()
    assert data == {
        "id": attempt.pk,
        "contact_id": anna.pk,
        "evening_id": attempt.evening_id,
        "date": "2025-03-14",
        "outcome": "declined",
        "channel": "call",
        "at": "2025-03-14T17:00:00Z",
        "note": "",
        "contact": "Anna Albrecht",
        "place": "Dresden",
        "client_id": None,
    }
    assert attempt.evening.shown, "the list as it was shown is kept, as for the command"
    assert api.get("/tonight").json()["candidates"] == []  # declined: off tonight's list


def test_a_call_sent_twice_with_its_client_id_is_logged_once(api, owner, dresden):
    TripFactory(owner=owner, place=dresden, start=DAY)
    anna = located(owner, dresden, "Anna Albrecht")
    tap = {"contact_id": anna.pk, "outcome": "no-answer", "client_id": str(uuid.uuid4())}
    first = api.post("/attempts", tap)
    assert first.status_code == 201
    again = api.post("/attempts", tap | {"outcome": "declined"})  # the id decides, not the rest
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again.json()["client_id"] == tap["client_id"]
    assert Attempt.objects.count() == 1
    another = api.post("/attempts", tap | {"client_id": str(uuid.uuid4())})
    assert another.status_code == 201
    assert Attempt.objects.count() == 2


def test_a_call_without_a_trip_needs_a_place(api, owner, dresden):
    anna = located(owner, dresden, "Anna Albrecht")
    errors = errors_of(api.post("/attempts", {"contact_id": anna.pk, "outcome": "no-answer"}))
    assert errors == {"body.place": "No trip includes 2025-03-14: name a place."}
    response = api.post(
        "/attempts",
        {
            "contact_id": anna.pk,
            "outcome": "no-answer",
            "place": "Dresden",
            "channel": "sms",
            "date": "2025-03-15",
        },
    )
    assert response.status_code == 201
    assert Evening.objects.get().date == dt.date(2025, 3, 15)


def test_another_accounts_contact_is_as_unknown_as_a_missing_one(api, owner, outsider, dresden):
    theirs = located(outsider, dresden, "Otto Outsider")
    for pk in (theirs.pk, theirs.pk + 1000):
        errors = errors_of(
            api.post("/attempts", {"contact_id": pk, "outcome": "accepted", "place": "Dresden"})
        )
        assert errors == {"body.contact_id": f"You have no contact #{pk}."}
    assert not Attempt.objects.exists()


@pytest.mark.parametrize(
    "body, where",
    [
        ({"outcome": "declined"}, "body.contact_id"),
        ({"contact_id": 1, "outcome": "maybe"}, "body.outcome"),
        ({"contact_id": 1, "outcome": "declined", "channel": "pigeon"}, "body.channel"),
        ({"contact_id": "1", "outcome": "declined"}, "body.contact_id"),
        ({"contact_id": 2**64, "outcome": "declined"}, "body.contact_id"),
        ({"contact_id": 1, "outcome": "declined", "note": "x" * 501}, "body.note"),
    ],
)
def test_bad_calls_are_refused_field_by_field(api, owner, body, where):
    assert where in errors_of(api.post("/attempts", body))


def test_calls_are_listed_by_evening_and_contact(api, owner, outsider, dresden):
    anna, bernd = located(owner, dresden, "Anna Albrecht"), located(owner, dresden, "Bernd Berger")
    friday = EveningFactory(owner=owner, place=dresden, date=DAY)
    saturday = EveningFactory(owner=owner, place=dresden, date=DAY + dt.timedelta(days=1))
    AttemptFactory(evening=friday, contact=anna)
    AttemptFactory(evening=friday, contact=bernd, outcome="accepted")
    AttemptFactory(evening=saturday, contact=anna)
    AttemptFactory(evening__owner=outsider)
    assert api.get("/attempts").json()["count"] == 3
    on_friday = api.get("/attempts", date="2025-03-14").json()
    assert {a["contact"] for a in on_friday["items"]} == {"Anna Albrecht", "Bernd Berger"}
    with_anna = api.get("/attempts", contact_id=str(anna.pk)).json()
    assert [a["date"] for a in with_anna["items"]] == ["2025-03-14", "2025-03-15"]
