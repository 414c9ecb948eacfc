"""Commands start quickly: help without Django's set-up, queries without the web's modules."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.apps import apps
from django.core.management import find_commands, load_command_class

from tafelrunde import cli

# Each help asked for in one fresh process; it prints the exit status and output of each, and
# whether Django's settings were loaded (without them there is no set-up and no database).
HELP_PROBE = """
import contextlib, io, json, sys
from tafelrunde import cli
answers = {}
for args in %r:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli.main(["tafelrunde", *args])
    answers[" ".join(args)] = [status, out.getvalue()]
print(json.dumps({"answers": answers, "settings": "tafelrunde.settings" in sys.modules}))
"""
# Queries run in one fresh process as the program runs them; then which heavy modules came in.
QUERY_PROBE = """
import sys
from tafelrunde import cli
assert cli.main(["tafelrunde", "geocode", "Dresden"]) == 0
assert cli.main(["tafelrunde", "tonight", "Dresden"]) == 0
print("LOADED", sorted(set(sys.modules) & set(%r)))
"""
HEAVY = [
    "ninja",  # the API
    "pydantic",
    "tafelrunde.api.main",
    "tafelrunde.urls",  # the URL conf, and through it every view
    "tafelrunde.web.views",
    "reportlab",  # the receipt's PDF
    "tafelrunde.core.charts",
    "playwright",
]


def fresh_process(*args: str, env: dict) -> subprocess.CompletedProcess:
    """`python ARGS` in a process of its own, with only `env` from our environment."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", **env},
    )


def tafelrunde(*args: str, env: dict) -> subprocess.CompletedProcess:
    return fresh_process("-m", "tafelrunde.cli", *args, env=env)


def test_the_help_page_lists_every_command_of_ours_with_the_first_line_of_its_help():
    commands = {}
    for config in apps.get_app_configs():
        if config.name.startswith("tafelrunde."):
            for name in find_commands(os.path.join(config.path, "management")):
                help_text = str(load_command_class(config.name, name).help).strip()
                commands[name] = (config.name, help_text.splitlines()[0])
    assert commands == cli.COMMANDS


def test_help_needs_neither_django_nor_a_data_directory(tmp_path):
    asked = [["--help"], ["help"], ["meal", "add", "--help"], ["token", "create", "-h"]]
    asked += [[name, "--help"] for name in cli.COMMANDS] + [["help", "tonight"]]
    data_dir = tmp_path / "not-yet"
    result = fresh_process("-c", HELP_PROBE % (asked,), env={"TAFELRUNDE_DATA_DIR": str(data_dir)})
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    answers = probe["answers"]
    assert answers["--help"][0] == 0
    for name, (_app, help_line) in cli.COMMANDS.items():
        line = rf"^  {re.escape(name)} +{re.escape(help_line)}$"
        assert re.search(line, answers["--help"][1], re.MULTILINE)
        status, out = answers[f"{name} --help"]
        assert status == 0
        assert out.startswith(f"usage: tafelrunde {name} ")
        assert help_line in " ".join(out.split())  # argparse wraps the description
    assert answers["help"] == answers["--help"]
    assert answers["help tonight"] == answers["tonight --help"]
    assert answers["meal add --help"][1].startswith("usage: tafelrunde meal add ")
    assert answers["token create -h"][1].startswith("usage: tafelrunde token create ")
    assert probe["settings"] is False
    assert not data_dir.exists()


def test_the_help_of_djangos_own_commands_leaves_the_database_alone(tmp_path):
    result = tafelrunde("changepassword", "--help", env={"TAFELRUNDE_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: tafelrunde changepassword ")
    assert "Preparing the database" not in result.stderr
    assert not (tmp_path / "tafelrunde.sqlite3").exists()


def test_a_mistake_before_help_is_still_reported(capsys):
    with pytest.raises(SystemExit) as exit:
        cli.main(["tafelrunde", "tonight", "Dresden", "--radius", "--help"])
    assert exit.value.code == 1
    assert "Error: argument --radius: expected one argument" in capsys.readouterr().err


def test_queries_load_neither_the_api_nor_the_pages_nor_the_pdf_library(tmp_path):
    env = {
        "TAFELRUNDE_DATA_DIR": str(tmp_path),
        "TAFELRUNDE_PLACES_DIR": os.environ["TAFELRUNDE_PLACES_DIR"],
        "DJANGO_SUPERUSER_PASSWORD": "a long test password",
    }
    cards = tmp_path / "cards.vcf"
    cards.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nN:Lehmann;Anna;;;\nFN:Anna Lehmann\nORG:Elbe GmbH\n"
        "TEL;TYPE=WORK:+49 351 7491792\nADR;TYPE=WORK:;;Prager Str. 1;Dresden;;01069;Germany\n"
        "END:VCARD\n"
    )
    for args in (
        ["createsuperuser", "--noinput", "--username", "owner", "--email", "o@example.com"],
        ["import", str(cards)],
    ):
        assert tafelrunde(*args, env=env).returncode == 0
    result = fresh_process("-c", QUERY_PROBE % (HEAVY,), env=env)
    assert result.returncode == 0, result.stderr
    assert "Dresden, Sachsen, DE" in result.stdout
    assert "Anna Lehmann  Elbe GmbH  0351 7491792" in result.stdout
    assert "LOADED []" in result.stdout


@pytest.fixture
def failing_check():
    """A system check that fails, for as long as the test runs."""
    from django.core import checks

    def failing(app_configs, **kwargs):
        return [checks.Error("Broken on purpose.", id="tests.E001")]

    checks.register(failing)
    yield
    checks.registry.registry.registered_checks.discard(failing)


def test_a_query_leaves_the_system_checks_to_check_and_serve(failing_check, capsys):
    from django.core.management import call_command

    call_command("geocode", "Dresden", skip_checks=False)
    assert capsys.readouterr().out.startswith("Dresden, Sachsen, DE")


@pytest.mark.parametrize("command", ["serve", "demo"])
def test_a_server_does_not_start_when_a_system_check_fails(failing_check, monkeypatch, command):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from tafelrunde.web import server

    def started(*args, **kwargs):
        raise AssertionError("started despite the failing check")

    monkeypatch.setattr(server, "serve", started)
    with pytest.raises(SystemCheckError, match="Broken on purpose"):
        call_command(command, skip_checks=False)
