"""`tafelrunde tonight` and `tafelrunde attempt`: the command-line contract, run in-process."""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from tafelrunde.evenings.models import Attempt, Evening
from tafelrunde.network.models import Contact, Place
from tests.factories import (
    AttemptFactory,
    ContactFactory,
    EveningFactory,
    PhoneFactory,
    PlaceFactory,
    TripFactory,
)

pytestmark = pytest.mark.usefixtures("frozen_evening_14_march_2025")
DAY = dt.date(2025, 3, 14)


def located(owner, place: Place, full_name: str, **fields) -> Contact:
    given, family = full_name.split(" ", 1)
    contact = ContactFactory.build(
        owner=owner, full_name=full_name, given_name=given, family_name=family, **fields
    )
    contact.set_location(place, "address", 0.9)
    contact.save()
    return contact


def json_of(capsys, *argv: str):
    call_command(*argv, "--json")
    return json.loads(capsys.readouterr().out)


def test_tonight_json_has_the_documented_fields_best_first(capsys, owner, dresden):
    anna = located(owner, dresden, "Anna Albrecht", organisation="Elbe AG", importance=5)
    PhoneFactory(contact=anna, number="+4935112345")
    located(owner, dresden, "Bernd Berger")
    data = json_of(capsys, "tonight", "Dresden")
    assert list(data) == ["place", "date", "candidates", "through_colleagues", "colleagues_here"]
    assert (data["through_colleagues"], data["colleagues_here"]) == ([], [])  # in no team
    assert data["place"] == {
        "name": "Dresden",
        "country": "DE",
        "latitude": dresden.latitude,
        "longitude": dresden.longitude,
        "timezone": "Europe/Berlin",
    }
    assert data["date"] == "2025-03-14"
    first = data["candidates"][0]
    assert list(first)[:8] == [
        "contact_id",
        "name",
        "organisation",
        "distance_km",
        "score",
        "reasons",
        "phones",
        "local_time",
    ]
    assert (first["contact_id"], first["name"], first["organisation"]) == (
        anna.pk,
        "Anna Albrecht",
        "Elbe AG",
    )
    assert first["distance_km"] == 0.0
    assert first["reasons"] == ["very important customer", "same city"]
    assert first["phones"] == ["+4935112345"]
    assert first["local_time"] == "2025-03-14T18:00:00+01:00"
    assert [c["name"] for c in data["candidates"]] == ["Anna Albrecht", "Bernd Berger"]
    assert data["candidates"][0]["score"] > data["candidates"][1]["score"]


def test_tonight_takes_any_spelling_a_date_a_radius_and_a_limit(capsys, owner, dresden):
    radebeul = PlaceFactory(city="Radebeul")
    located(owner, radebeul, "Rita Radebeul")
    located(owner, dresden, "Dora Dresdner")
    data = json_of(
        capsys, "tonight", "DRESDEN", "--date", "2025-03-20", "--radius", "5", "--limit", "1"
    )
    assert data["date"] == "2025-03-20"
    assert [c["name"] for c in data["candidates"]] == ["Dora Dresdner"]
    assert [c["distance_km"] for c in json_of(capsys, "tonight", "Dresden")["candidates"]] == [
        0.0,
        8.2,
    ]


def test_tonight_prints_a_readable_table(capsys, owner, dresden):
    located(owner, dresden, "Anna Albrecht", organisation="Elbe AG")
    call_command("tonight", "Dresden")
    heading, row = capsys.readouterr().out.splitlines()
    assert heading == "Whom to call near Dresden on 2025-03-14:"
    assert row == " 1  Anna Albrecht  Elbe AG    0.0 km  18:00  customer · same city"


def test_tonight_with_an_empty_network_says_so_kindly(capsys, owner, dresden):
    assert json_of(capsys, "tonight", "Dresden")["candidates"] == []
    call_command("tonight", "Dresden")
    assert capsys.readouterr().out == (
        "Your network is empty: add people with `tafelrunde import FILE`.\n"
    )
    located(owner, PlaceFactory(city="Berlin"), "Bert Berliner")
    call_command("tonight", "Dresden")
    assert capsys.readouterr().out == "Nobody to call within 50 km of Dresden that evening.\n"


def test_tonight_for_an_unknown_place_exits_1_with_one_line(run_command, owner):
    status, out, err = run_command("tonight", "Atlantis-upon-Sea")
    assert (status, out) == (1, "")
    assert err == "Error: No place called 'Atlantis-upon-Sea' is known.\n"


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--date", "14.3.2025"], "--date must be a date like 2025-03-14, not '14.3.2025'."),
        (["--radius", "far"], "--radius must be a number above 0, not 'far'."),
        (["--limit", "0"], "--limit must be a number above 0, not '0'."),
    ],
)
def test_tonight_bad_options_are_one_line(run_command, owner, dresden, option, message):
    status, _out, err = run_command("tonight", "Dresden", *option)
    assert (status, err) == (1, f"Error: {message}\n")


def test_attempt_by_an_ambiguous_name_lists_the_matches(run_command, owner, dresden):
    jorg = located(owner, dresden, "Jörg Müller", organisation="Müller GmbH")
    anna = located(owner, dresden, "Anna Müller", organisation="")
    located(owner, dresden, "Jens Schulze")
    status, out, err = run_command("attempt", "Mueller", "--outcome", "declined")
    assert (status, out) == (1, "")
    assert err == (
        "Error: Several contacts match 'Mueller':"
        f" Anna Müller (#{anna.pk}), Jörg Müller (#{jorg.pk}, Müller GmbH).\n"
    )
    assert not Attempt.objects.exists()


def test_attempt_by_a_name_longer_than_any_is_one_line(run_command, owner, dresden):
    # Found by fuzzing: SQLite refuses a LIKE pattern this long ("pattern too complex").
    located(owner, dresden, "Jörg Müller")
    status, _out, err = run_command("attempt", "中" * 12_000, "--outcome", "away")
    assert status == 1
    assert err.startswith("Error: No contact matches")


@pytest.mark.parametrize("spelling", ["joerg mueller", "Müller, Jörg", "JÖRG"])
def test_attempt_finds_one_contact_by_name_in_any_spelling(capsys, owner, dresden, spelling):
    jorg = located(owner, dresden, "Jörg Müller")
    located(owner, dresden, "Anna Müller")
    TripFactory(owner=owner, place=dresden, start=DAY, end=DAY)
    assert json_of(capsys, "attempt", spelling, "--outcome", "no-answer")["contact_id"] == jorg.pk


def test_attempt_json_is_the_created_attempt_with_its_id(capsys, owner, dresden):
    anna = located(owner, dresden, "Anna Albrecht")
    trip = TripFactory(owner=owner, place=dresden, start=DAY - dt.timedelta(days=1), end=DAY)
    data = json_of(capsys, "attempt", str(anna.pk), "--outcome", "accepted", "--channel", "sms")
    attempt = Attempt.objects.get(pk=data["id"])
    assert data == {
        "id": attempt.pk,
        "contact_id": anna.pk,
        "evening_id": attempt.evening_id,
        "date": "2025-03-14",
        "outcome": "accepted",
        "channel": "sms",
        "at": "2025-03-14T17:00:00+00:00",
        "note": "",
        "contact": "Anna Albrecht",
        "place": "Dresden",
        "client_id": None,
    }
    assert (attempt.evening.place, attempt.evening.trip) == (dresden, trip)
    assert attempt.evening.shown[0]["contact_id"] == anna.pk


def test_attempt_on_an_existing_evening_of_another_date_at_a_named_place(capsys, owner, dresden):
    anna = located(owner, dresden, "Anna Albrecht")
    evening = EveningFactory(owner=owner, place=dresden, date=DAY - dt.timedelta(days=2))
    AttemptFactory(evening=evening, contact=anna, outcome="no-answer")
    data = json_of(
        capsys, "attempt", f"#{anna.pk}", "--outcome", "call-back", "--date", "2025-03-12"
    )
    assert data["evening_id"] == evening.pk
    berlin = PlaceFactory(city="Berlin")
    data = json_of(capsys, "attempt", "Anna", "--outcome", "away", "--place", "Berlin")
    assert Evening.objects.get(pk=data["evening_id"]).place == berlin


def test_attempt_without_a_trip_and_without_a_place_is_a_clear_error(run_command, owner, dresden):
    located(owner, dresden, "Anna Albrecht")
    status, _out, err = run_command("attempt", "Anna", "--outcome", "declined")
    assert (status, err) == (1, "Error: No trip includes 2025-03-14: say where with --place P.\n")
    assert not Evening.objects.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["Nobody", "--outcome", "declined"], "No contact matches 'Nobody'."),
        (["99999", "--outcome", "declined"], "You have no contact #99999."),
        (["Anna"], "--outcome must be one of accepted, declined, no-answer, call-back, away."),
        (["Anna", "--outcome", "accepted", "--channel", "fax"], "--channel must be one of"),
        (["Anna", "--outcome", "accepted", "--place", "Atlantis-upon-Sea"], "No place called"),
    ],
)
def test_attempt_bad_input_is_one_line(run_command, owner, dresden, argv, message):
    located(owner, dresden, "Anna Albrecht")
    status, _out, err = run_command("attempt", *argv)
    assert status == 1
    assert err.startswith(f"Error: {message}")
    assert err.count("\n") == 1


def test_attempt_never_reaches_another_accounts_contact(run_command, owner, outsider):
    theirs = ContactFactory(owner=outsider, full_name="Anna Albrecht")
    status, _out, err = run_command(
        "attempt", str(theirs.pk), "--outcome", "declined", "--user", "owner"
    )
    assert (status, err) == (1, f"Error: You have no contact #{theirs.pk}.\n")


def test_trips_shows_the_three_best_ranked_not_merely_the_nearest(capsys, owner, dresden):
    TripFactory(owner=owner, place=dresden, start=DAY + dt.timedelta(days=7))
    radebeul = PlaceFactory(city="Radebeul")
    resting = located(owner, dresden, "Rolf Ruhe")
    evening = EveningFactory(owner=owner, place=dresden, date=DAY - dt.timedelta(days=1))
    AttemptFactory(evening=evening, contact=resting, outcome="declined")
    located(owner, dresden, "Lisa Linkedin", kinds=["social_network"])
    located(owner, radebeul, "Klara Kundin", importance=5)
    located(owner, radebeul, "Karl Kunde")
    [trip] = json_of(capsys, "trips")["trips"]
    assert trip["top"] == ["Klara Kundin", "Karl Kunde", "Lisa Linkedin"]
    assert trip["candidate_count"] == 4
