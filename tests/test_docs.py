"""The README stays true: every setting and every command is documented there."""

from pathlib import Path

import pytest

from tafelrunde import cli, conf

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


@pytest.mark.parametrize("setting", conf.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme(setting):
    assert f"`{conf.PREFIX}{setting.name}`" in README


def test_every_command_is_in_the_readme(capsys):
    cli.main(["tafelrunde", "--help"])
    commands = [
        line.split()[0] for line in capsys.readouterr().out.splitlines() if line.startswith("  ")
    ]
    assert commands, "the help page lists no commands"
    for command in commands:
        assert f"tafelrunde {command}" in README


def test_quick_start_is_exactly_the_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in quick_start.strip().splitlines()]
    assert commands == ["uv run tafelrunde demo", "uv run pytest"]
