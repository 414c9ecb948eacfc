"""Tonight's list is the host's list: nobody already met, invited or booked that day is on it.

On a date, the guests of a meal that day (planned or held), whoever said yes for that evening
and whoever is invited for it are off the list of that date, with or without a trip and
whatever place the list is for. A call logged "at P" is logged at P, or refused in one line,
never quietly at the trip's place.
"""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from tafelrunde.api.tokens import create_token
from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.meals.models import Meal, MealParticipant
from tafelrunde.network.models import Contact, Place
from tafelrunde.tonight.call_list import call_list, ranked_call_list
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EveningFactory,
    MealFactory,
    MealParticipantFactory,
    PlaceFactory,
    TripFactory,
)

DAY = dt.date(2027, 3, 2)
NOW = dt.datetime(2027, 3, 2, 18, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture(autouse=True)
def early_evening_in_dresden():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def juergen(owner, dresden) -> Contact:
    """The best call in Dresden: an important customer in town."""
    return located(owner, dresden, "Jürgen Weißbach", importance=5)


@pytest.fixture
def clara(owner, dresden) -> Contact:
    return located(owner, dresden, "Clara Conrad")


def located(owner, place: Place, full_name: str, **fields) -> Contact:
    given, family = full_name.split(" ", 1)
    contact = ContactFactory.build(
        owner=owner, full_name=full_name, given_name=given, family_name=family, **fields
    )
    contact.set_location(place, "address", 0.9)
    contact.save()
    return contact


def names(place: Place, owner, day: dt.date = DAY) -> list[str]:
    return [candidate.contact.full_name for candidate in call_list(owner, place, day)]


def tonight_json(capsys, *argv: str) -> list[str]:
    call_command("tonight", *argv, "--json")
    return [row["name"] for row in json.loads(capsys.readouterr().out)["candidates"]]


def dinner(owner, guest: Contact, day: dt.date = DAY, **fields) -> Meal:
    meal = MealFactory(owner=owner, date=day, **fields)
    MealParticipantFactory(meal=meal, contact=guest)
    return meal


# Met today, without a trip: the issue's own steps, through every face.


def test_someone_you_dined_with_that_day_is_off_that_dates_list_without_a_trip(
    capsys, owner, dresden, juergen, clara
):
    call_command(
        "meal", "add", "--date", "2027-03-02", "--with", "Jürgen Weißbach", "--place", "Dresden"
    )
    capsys.readouterr()
    assert MealParticipant.objects.get().contact == juergen
    assert tonight_json(capsys, "Dresden", "--date", "2027-03-02") == ["Clara Conrad"]
    [back, _clara] = call_list(owner, dresden, DAY + dt.timedelta(days=1))
    assert (back.contact, back.reasons[-1]) == (juergen, "seen yesterday")


def test_the_lunch_guest_is_off_the_page_the_api_and_the_trip_count_too(
    client, owner, dresden, juergen, clara
):
    dinner(owner, juergen, time=dt.time(12, 30))  # lunch, on no trip
    client.force_login(owner)
    response = client.get(reverse("tonight"), {"place": "Dresden"})
    assert [row.contact.full_name for row in response.context["rows"]] == ["Clara Conrad"]
    token = create_token(owner, "tests").secret
    response = client.get(
        "/api/v1/tonight", {"place": "Dresden"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert [row["name"] for row in response.json()["candidates"]] == ["Clara Conrad"]
    TripFactory(owner=owner, place=dresden, start=DAY, end=DAY)  # booked after lunch
    assert ranked_call_list(owner, dresden, DAY).total == 1


def test_a_meal_that_day_counts_whatever_place_the_list_is_for(owner, dresden, radebeul):
    rita = located(owner, radebeul, "Rita Radebeul")
    dinner(owner, rita, place=dresden)
    assert names(radebeul, owner) == []
    assert names(dresden, owner) == []


# Said yes, or invited, for that evening.


def test_a_contact_who_accepted_earlier_that_evening_is_off_every_list_of_the_date(
    owner, dresden, radebeul, juergen, clara
):
    evening = EveningFactory(owner=owner, place=dresden, date=DAY)
    AttemptFactory(evening=evening, contact=juergen, outcome=Attempt.Outcome.ACCEPTED)
    AttemptFactory(evening=evening, contact=juergen, outcome=Attempt.Outcome.NO_ANSWER)
    assert names(dresden, owner) == ["Clara Conrad"]
    assert names(radebeul, owner) == ["Clara Conrad"]
    assert names(dresden, owner, DAY + dt.timedelta(days=1))[0] == "Jürgen Weißbach"


def test_a_planned_dinner_guest_is_off_that_evenings_list(owner, dresden, juergen, clara):
    dinner(owner, juergen, status=Meal.Status.PLANNED, time=dt.time(19, 30))
    assert names(dresden, owner) == ["Clara Conrad"]


def test_a_dinner_planned_for_tomorrow_keeps_today_open(owner, dresden, juergen, clara):
    dinner(owner, juergen, day=DAY + dt.timedelta(days=1), status=Meal.Status.PLANNED)
    assert names(dresden, owner) == ["Jürgen Weißbach", "Clara Conrad"]
    assert names(dresden, owner, DAY + dt.timedelta(days=1)) == ["Clara Conrad"]


# A call logged at a place is logged there, or refused: never at the trip's place.


def test_a_call_away_from_the_trip_opens_the_evening_there_and_stays_there(
    run_command, capsys, owner, dresden, clara
):
    berlin = PlaceFactory(city="Berlin")
    TripFactory(owner=owner, place=dresden, start=DAY, end=DAY + dt.timedelta(days=2))
    located(owner, berlin, "Bruno Berliner")
    call_command("attempt", "Bruno", "--outcome", "no-answer", "--place", "Berlin", "--json")
    assert json.loads(capsys.readouterr().out)["place"] == "Berlin"
    assert Evening.objects.get(date=DAY).place == berlin
    status, _out, err = run_command(
        "attempt", "Clara", "--outcome", "declined", "--place", "Dresden"
    )
    assert (status, err.count("\n")) == (1, 1)
    assert "The evening of 2027-03-02 is already in Berlin, not in Dresden" in err
    call_command("attempt", "Bruno", "--outcome", "call-back", "--json")  # no place: Berlin's
    assert json.loads(capsys.readouterr().out)["place"] == "Berlin"
    assert Attempt.objects.filter(evening__place=dresden).count() == 0


def test_a_call_at_another_place_than_that_evenings_is_refused_in_one_line(
    run_command, capsys, owner, dresden, clara
):
    PlaceFactory(city="Berlin")
    TripFactory(owner=owner, place=dresden, start=DAY, end=DAY)
    call_command("attempt", "Clara", "--outcome", "no-answer")  # the evening is in Dresden
    capsys.readouterr()
    status, out, err = run_command(
        "attempt", "Clara", "--outcome", "call-back", "--place", "Berlin"
    )
    assert (status, out) == (1, "")
    assert err == (
        "Error: The evening of 2027-03-02 is already in Dresden, not in Berlin: "
        "leave out --place to log the call there.\n"
    )
    assert list(Attempt.objects.values_list("outcome", "evening__place__name")) == [
        ("no-answer", "Dresden")
    ]
    call_command("attempt", "Clara", "--outcome", "call-back", "--place", "Dresden")
    assert Attempt.objects.filter(evening__place=dresden).count() == 2


def test_the_api_refuses_a_call_at_another_place_than_that_evenings(owner, dresden, clara, client):
    PlaceFactory(city="Berlin")
    EveningFactory(owner=owner, place=dresden, date=DAY)
    token = create_token(owner, "tests").secret
    response = client.post(
        "/api/v1/attempts",
        {"contact_id": clara.pk, "outcome": "declined", "place": "Berlin"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "place"]
    assert error["msg"] == "The evening of 2027-03-02 is already in Dresden, not in Berlin."
    assert not Attempt.objects.exists()


def test_the_page_says_so_when_a_tap_is_for_another_place_than_that_evenings(
    client, owner, dresden, clara
):
    located(owner, PlaceFactory(city="Berlin"), "Bruno Berliner")
    EveningFactory(owner=owner, place=dresden, date=DAY)
    client.force_login(owner)
    tap = {"contact": clara.pk, "outcome": "declined", "date": "2027-03-02", "place": "Berlin"}
    response = client.post(reverse("tonight-outcome"), tap, follow=True)
    assert "The evening of March 2, 2027 is already in Dresden, not in Berlin." in (
        response.content.decode()
    )
    assert not Attempt.objects.exists()
