"""`tafelrunde meal add`: the command-line contract, run in-process."""

import datetime as dt
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command

from tafelrunde.meals.models import Meal
from tafelrunde.network.models import Contact
from tests.factories import ContactFactory, EveningFactory, TripFactory

DAY = dt.date(2025, 3, 14)


@pytest.fixture(autouse=True)
def late_evening():
    with time_machine.travel(dt.datetime(2025, 3, 14, 22, 0, tzinfo=dt.UTC), tick=False):
        yield


def person(owner, full_name: str, **fields) -> Contact:
    given, family = full_name.split(" ", 1)
    return ContactFactory(
        owner=owner, full_name=full_name, given_name=given, family_name=family, **fields
    )


def json_of(capsys, *argv: str) -> dict:
    call_command("meal", "add", *argv, "--json")
    return json.loads(capsys.readouterr().out)


def test_meal_add_seats_two_guests_and_prints_the_meal_as_json(capsys, owner, dresden):
    anna = person(owner, "Anna Albrecht", organisation="Elbe AG")
    jorg = person(owner, "Jörg Müller")
    data = json_of(
        capsys,
        *("--date", "2025-03-14", "--with", "Anna Albrecht", "--with", f"#{jorg.pk}"),
        *("--restaurant", "Sophienkeller", "--place", "Dresden", "--amount", "86.5"),
        *("--tip", "8,50", "--currency", "eur", "--occasion", "Projekt Elbbrücke: nächste Phase"),
    )
    meal = Meal.objects.owned_by(owner).get(pk=data["id"])
    assert data == {
        "id": meal.pk,
        "date": "2025-03-14",
        "restaurant": "Sophienkeller",
        "place": "Dresden",
        "participants": ["Anna Albrecht", "Jörg Müller"],
        "participant_ids": [anna.pk, jorg.pk],
        "amount": "86.50",
        "tip": "8.50",
        "currency": "EUR",
        "business": True,
        "occasion": "Projekt Elbbrücke: nächste Phase",
        "status": "held",
        "evening_id": None,
    }
    assert (meal.place, meal.amount, meal.tip) == (dresden, Decimal("86.50"), Decimal("8.50"))
    assert [seat.contact for seat in meal.participants.all()] == [anna, jorg]


def test_meal_add_on_a_trip_evening_belongs_to_that_evening(capsys, owner, dresden):
    anna = person(owner, "Anna Albrecht")
    evening = EveningFactory(owner=owner, place=dresden, date=DAY - dt.timedelta(days=1))
    data = json_of(capsys, "--date", "2025-03-13", "--with", str(anna.pk), "--private")
    meal = Meal.objects.get(pk=data["id"])
    assert (meal.evening, meal.place, meal.business) == (evening, dresden, False)
    assert data["place"] == "Dresden" and data["business"] is False


def test_meal_add_without_a_place_takes_the_trips(capsys, owner, dresden):
    person(owner, "Anna Albrecht")
    TripFactory(owner=owner, place=dresden, start=DAY, end=DAY)
    data = json_of(capsys, "--date", "today", "--with", "Anna")
    assert (data["place"], data["evening_id"], data["amount"]) == ("Dresden", None, None)


def test_a_meal_ahead_is_planned_until_it_happens(capsys, owner):
    person(owner, "Anna Albrecht")
    assert json_of(capsys, "--date", "2025-03-20", "--with", "Anna")["status"] == "planned"


def test_meal_add_says_what_it_logged(run_command, owner, dresden):
    person(owner, "Anna Albrecht")
    status, out, _err = run_command(
        "meal", "add", "--date", "2025-03-14", "--with", "Anna",
        "--restaurant", "Sophienkeller", "--amount", "60", "--tip", "6", "--user", "owner",
    )  # fmt: skip
    meal = Meal.objects.get()
    assert status == 0
    assert out == (
        f"Meal #{meal.pk} on 2025-03-14 at Sophienkeller with Anna Albrecht:"
        " €60.00 + €6.00 tip (business, held).\n"
    )


def test_meal_add_by_an_ambiguous_name_lists_the_matches(run_command, owner):
    jorg = person(owner, "Jörg Müller", organisation="Müller GmbH")
    anna = person(owner, "Anna Müller", organisation="")
    status, out, err = run_command("meal", "add", "--date", "2025-03-14", "--with", "Mueller")
    assert (status, out) == (1, "")
    assert err == (
        "Error: Several contacts match 'Mueller':"
        f" Anna Müller (#{anna.pk}), Jörg Müller (#{jorg.pk}, Müller GmbH).\n"
    )
    assert not Meal.objects.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--amount", "abc"], "--amount must be an amount like 86.50, not 'abc'."),
        (["--amount", "-5"], "--amount must be an amount like 86.50, not '-5'."),
        (["--amount", "12.345"], "--amount must be an amount like 86.50, not '12.345'."),
        (["--amount", "NaN"], "--amount must be an amount like 86.50, not 'NaN'."),
        (["--tip", "1e12"], "--tip must be an amount like 86.50, not '1e12'."),
        (["--currency", "EURO"], "--currency must be a three-letter code like EUR, not 'EURO'."),
        (["--date", "14.03.2025"], "--date must be a date like 2025-03-14, not '14.03.2025'."),
        (["--place", "Atlantis-upon-Sea"], "No place called 'Atlantis-upon-Sea' is known."),
        (["--restaurant", "x" * 201], "--restaurant may be at most 200 characters long."),
        (["--with", "Nobody"], "No contact matches 'Nobody'."),
    ],
)
def test_meal_add_bad_input_is_one_line(run_command, owner, argv, message):
    person(owner, "Anna Albrecht")
    options = {"--date": "2025-03-14", "--with": "Anna"}
    options.update(zip(argv[::2], argv[1::2], strict=True))
    status, out, err = run_command("meal", "add", *[x for kv in options.items() for x in kv])
    assert (status, out, err) == (1, "", f"Error: {message}\n")
    assert not Meal.objects.exists()


def test_meal_add_never_seats_another_accounts_contact(run_command, owner, outsider):
    theirs = person(outsider, "Anna Albrecht")
    status, _out, err = run_command(
        "meal",
        "--user",
        "owner",
        "add",
        "--date",
        "2025-03-14",
        "--with",
        str(theirs.pk),
    )
    assert (status, err) == (1, f"Error: You have no contact #{theirs.pk}.\n")
    assert not Meal.objects.exists()


def test_meal_without_a_subcommand_is_a_usage_error(run_command, owner):
    status, _out, err = run_command("meal")
    assert status == 1
    assert err == "Error: the following arguments are required: ACTION\n"
