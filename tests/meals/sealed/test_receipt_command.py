"""`tafelrunde receipt approve|history` and `receipt MEAL_ID --output` once sealed (issue 18)."""

import json
from decimal import Decimal

import pytest

from tafelrunde.meals import sealing
from tafelrunde.meals.logbook import save_meal
from tests.meals.sealed.receipts import (
    CHANGED,
    approve_on,
    stored,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_uploads")]


# The command


def test_command_approves_and_the_receipt_command_then_writes_the_sealed_bytes(
    run_command, tmp_path, meal, host
):
    status, out, err = run_command("receipt", "approve", str(meal.pk))
    assert status == 0, err
    version = sealing.current_version(meal)
    assert out == (
        f"Approved the receipt of meal {meal.pk}: version 1, SHA-256 {version.sha256}.\n"
    )
    assert "Warning: There is no photo of the restaurant's bill" in err
    output = tmp_path / "beleg.pdf"
    status, _out, _err = run_command("receipt", str(meal.pk), "--output", str(output))
    assert status == 0
    assert output.read_bytes() == stored(version)
    status, _out, err = run_command("receipt", "approve", str(meal.pk))
    assert (status, err) == (
        1,
        f"Error: The receipt of meal {meal.pk} is already approved as it is.\n",
    )


def test_command_history_as_json(run_command, meal, host, guest, clock):
    approve_on(meal, host)
    meal.tip = Decimal("15.00")
    clock.move_to(CHANGED)
    save_meal(meal, [(guest, None)])
    status, out, err = run_command("receipt", "history", str(meal.pk), "--json")
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert data["meal_id"] == meal.pk
    versions = data["versions"]
    assert [(v["number"], v["replaces"]) for v in versions] == [(1, None), (2, 1)]
    assert versions[0]["approved_by"] == "Dr. Hans Gastgeber"
    assert versions[0]["approved_at"] == "2027-03-15T12:00:00+00:00"
    assert {"sha256", "language", "size"} <= set(versions[0])
    assert data["log"][1] == {
        "action": "changed",
        "field": "tip",
        "old": "12.60",
        "new": "15.00",
        "who": "Dr. Hans Gastgeber",
        "at": "2027-03-16T09:00:00+00:00",
        "reason": "",
    }
    status, out, _err = run_command("receipt", "history", str(meal.pk))
    assert status == 0
    assert "Version 2, approved on 2027-03-16T09:00:00+00:00 by Dr. Hans Gastgeber" in out
    assert "tip: '12.60' → '15.00'" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("approve",), "Error: Say which meal: receipt approve MEAL_ID.\n"),
        (("history", "999999"), "Error: No meal with id 999999.\n"),
        (
            ("publish", "1"),
            "Error: Unknown action 'publish': use approve or history, or a meal id.\n",
        ),
        (
            ("history", "1", "--output", "x.pdf"),
            "Error: --output does not go with this use of receipt.\n",
        ),
    ],
)
def test_command_mistakes_are_one_line(run_command, meal, argv, message):
    status, _out, err = run_command("receipt", *argv)
    assert (status, err) == (1, message)


def test_command_without_output_says_so(run_command, meal):
    status, _out, err = run_command("receipt", str(meal.pk))
    assert (status, err) == (1, "Error: --output FILE.pdf is required to write a receipt.\n")


def test_command_help_shows_every_use(run_command):
    status, out, _err = run_command("receipt", "--help")
    assert status == 0
    for use in (
        "tafelrunde receipt MEAL_ID --output FILE.pdf",
        "tafelrunde receipt approve MEAL_ID",
        "tafelrunde receipt history MEAL_ID [--json]",
    ):
        assert use in out
