"""`tafelrunde invite`: a round from the terminal, its JSON, and `invite status`."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.test import Client

from tests.rounds.helpers import EARLY_EVENING, answer_on, dresden_evening, token_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def early_evening():
    with time_machine.travel(EARLY_EVENING, tick=False):
        yield


def test_invite_json_gives_each_guest_a_link_and_the_message(run_command, owner, settings):
    settings.TAFELRUNDE_BASE_URL = "https://tafel.example.com"
    joerg, anna, mary = dresden_evening(owner)
    status, out, err = run_command(
        "invite", "Jörg Müller", str(anna.pk), "#" + str(mary.pk),
        "--time", "19:30", "--restaurant", "Sophienkeller", "--json",
    )  # fmt: skip
    assert status == 0, err
    shown = json.loads(out)
    assert set(shown) == {"round", "guests"}
    assert [g["contact_id"] for g in shown["guests"]] == [joerg.pk, anna.pk, mary.pk]
    assert [set(g) for g in shown["guests"]] == [{"contact_id", "name", "url", "message"}] * 3
    first = shown["guests"][0]
    assert first["name"] == "Jörg Müller"
    assert first["url"].startswith("https://tafel.example.com/i/")
    assert first["url"] in first["message"]
    assert "Heute um 19:30 Uhr, Sophienkeller." in first["message"]
    assert "Sag mir hier mit einem Tipp, ob du kannst:" in first["message"]
    assert "Tonight at 19:30, Sophienkeller." in shown["guests"][2]["message"]
    assert len({g["url"] for g in shown["guests"]}) == 3


def test_invite_status_follows_the_answers(run_command, owner):
    dresden_evening(owner)
    _status, out, _err = run_command("invite", "Jörg", "Anna", "Mary", "--json")
    shown = json.loads(out)
    urls = {g["name"]: g["url"] for g in shown["guests"]}
    answer_on(Client(), f"/i/{token_in(urls['Jörg Müller'])}/", "later", "Mai?")
    answer_on(Client(), f"/i/{token_in(urls['Mary Smith'])}/", "yes")
    status, out, err = run_command("invite", "status", str(shown["round"]), "--json")
    assert status == 0, err
    state = json.loads(out)
    assert state["status"] == "full"
    assert {g["name"]: g["state"] for g in state["guests"]} == {
        "Jörg Müller": "later",
        "Anna Schmidt": "full",
        "Mary Smith": "accepted",
    }
    assert state["guests"][0]["message"] == "Mai?"
    _status, text, _err = run_command("invite", "status", str(shown["round"]))
    assert "Mary Smith: accepted" in text and "Anna Schmidt: full" in text


def test_withdraw_from_the_terminal(run_command, owner):
    dresden_evening(owner)
    _status, out, _err = run_command("invite", "Jörg", "Anna", "--json")
    round_id = str(json.loads(out)["round"])
    status, out, _err = run_command("invite", "withdraw", round_id, "--json")
    assert status == 0 and json.loads(out)["status"] == "withdrawn"
    status, _out, err = run_command("invite", "withdraw", round_id)
    assert status == 1 and err.strip() == f"Error: Round {round_id} was no longer open."


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["Niemand"], "No contact"),
        (["Jörg", "--time", "7pm"], "--time takes a time as HH:MM"),
        (["Jörg", "--date", "morgen"], "--date must be a date"),
        (["Jörg", "--place", "Xqzzyvwk"], "No place called 'Xqzzyvwk' is known."),
        (["Jörg", "--date", "2025-03-11"], "That evening is over."),
        (["status", "99999"], "No round '99999'."),
        (["status", "x"], "No round 'x'."),
    ],
)
def test_bad_input_is_one_line(run_command, owner, arguments, message):
    dresden_evening(owner)
    status, out, err = run_command("invite", *arguments)
    assert status == 1
    assert err.startswith("Error: ") and message in err and err.count("\n") == 1, err
    assert out == ""


def test_six_guests_are_too_many_and_a_second_open_round_is_refused(run_command, owner):
    from tests.rounds.helpers import located

    dresden_evening(owner)
    extra = [located(owner, given_name=f"Gast{n}", family_name="Extra") for n in range(3)]
    names = ["Jörg", "Anna", "Mary", *[str(c.pk) for c in extra]]
    status, _out, err = run_command("invite", *names)
    assert status == 1 and "at most 5 people" in err
    assert run_command("invite", "Jörg")[0] == 0
    status, _out, err = run_command("invite", "Anna")
    assert status == 1 and "A round is already open tonight: withdraw it first." in err


def test_no_trip_and_no_place_says_what_to_do(run_command, owner):
    from tests.rounds.helpers import located

    located(owner, given_name="Jörg", family_name="Müller")
    status, _out, err = run_command("invite", "Jörg")
    assert status == 1 and "say where with --place P" in err


def test_an_invitation_for_another_evening_names_its_day(run_command, owner):
    import datetime as dt

    from tests.factories import TripFactory
    from tests.rounds.helpers import TODAY

    dresden_evening(owner)
    TripFactory(owner=owner, start=TODAY, end=TODAY + dt.timedelta(days=3))
    arguments = ("--date", "2025-03-14", "--time", "19:30", "--json")
    _status, out, _err = run_command("invite", "Jörg", "Mary", *arguments)
    joerg, mary = json.loads(out)["guests"]
    assert "Am Freitag, 14. März um 19:30 Uhr, Ort folgt." in joerg["message"]
    assert "On Friday, 14 March at 19:30, place to be decided." in mary["message"]
