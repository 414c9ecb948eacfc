"""Running a `tafelrunde` command in-process as the program runs it."""

from django.core.management import load_command_class
from django.db import connections


def run(capsys, monkeypatch, *argv: str, app: str = "tafelrunde.cli") -> tuple[int, str, str]:
    """The command as the `tafelrunde` program runs it: (exit status, stdout, stderr)."""
    monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's database
    command = load_command_class(app, argv[0])
    try:
        command.run_from_argv(["tafelrunde", *argv, "--skip-checks"])
        status = 0
    except SystemExit as exc:
        status = exc.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err
