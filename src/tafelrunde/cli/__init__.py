"""The `tafelrunde` program: our commands and Django's, over one configured database."""

from __future__ import annotations

import os
import sys

# Django's own commands that manage the schema themselves or need no database; every other
# one finds the schema up to date first. Ours say it themselves (TafelrundeCommand.migrates).
DJANGO_WITHOUT_MIGRATION = {
    "help",
    "version",
    "migrate",
    "makemigrations",
    "showmigrations",
    "sqlmigrate",
    "squashmigrations",
    "check",
    "makemessages",
    "compilemessages",
}
# Our commands as `tafelrunde --help` lists them: name, the app that holds it, and the first line
# of its help. The help page needs neither Django's set-up nor a database this way;
# tests/test_cli_startup.py keeps the table true to the commands themselves.
COMMANDS = {
    "demo": (
        "tafelrunde.demo",
        'Build a demo network and serve it; log in as "demo", password "demo".',
    ),
    "backup": (
        "tafelrunde.backups",
        "Back up the whole database and the uploaded files into one file, while the server runs.",
    ),
    "restore": (
        "tafelrunde.backups",
        "Restore a backup into a new, empty database (SQLite or PostgreSQL).",
    ),
    "serve": ("tafelrunde.cli", "Run the production web server for the configured database."),
    "export": (
        "tafelrunde.cli",
        "Export everything you own as JSON, or your contacts as vCard or CSV.",
    ),
    "geocode": (
        "tafelrunde.cli",
        "Show which place a name resolves to (München, Muenchen and Munich are one place), "
        "or which place is nearest to a point (--near LAT,LON).",
    ),
    "import": (
        "tafelrunde.cli",
        "Import contacts (vCard, Google/Outlook/Thunderbird/LinkedIn CSV) or trips (.ics); "
        "safe to repeat.",
    ),
    "relocate": (
        "tafelrunde.cli",
        "Place every contact again with the current place index; places set by hand stay.",
    ),
    "trips": (
        "tafelrunde.cli",
        "List upcoming trips (or all) with how many people you know nearby.",
    ),
    "attempt": (
        "tafelrunde.cli",
        "Log a call: who, and how it went (on the evening of that date).",
    ),
    "tonight": (
        "tafelrunde.cli",
        "Whom to call tonight near a place, best first, with the reasons.",
    ),
    "invite": (
        "tafelrunde.cli",
        "Invite several at once with a personal link each; the first yes wins. "
        "`invite status ROUND`, `invite withdraw ROUND`.",
    ),
    "meal": (
        "tafelrunde.cli",
        "Meals: `meal add` logs one (who, where, when, what it cost); "
        "`meal read-bill FILE` says what a photo of the bill shows.",
    ),
    "receipt": (
        "tafelrunde.cli",
        "The receipt of a business meal (German Bewirtungsbeleg): `receipt MEAL_ID --output "
        "F.pdf` writes it (once approved: the current sealed version, byte for byte), "
        "`receipt approve MEAL_ID` seals it as it is now, `receipt history MEAL_ID` lists its "
        "versions and change log.",
    ),
    "expenses": (
        "tafelrunde.cli",
        "Meal expenses of a date range for the accountant: CSV, or a DATEV batch with a ZIP "
        "of the receipts and bills.",
    ),
    "stats": (
        "tafelrunde.cli",
        "Does the habit work? Dinners, calls per dinner, acceptance, spend and more.",
    ),
    "erase-account": (
        "tafelrunde.cli",
        "Delete an account with everything it owns, uploaded files included.",
    ),
    "user": (
        "tafelrunde.cli",
        "Accounts: `user add NAME` makes an ordinary one (not staff), `list`, `remove NAME`.",
    ),
    "source": (
        "tafelrunde.cli",
        "Sources synced by themselves: `source add carddav|caldav|ics URL`, `list`, "
        "`sync [ID ...]`, `remove ID`.",
    ),
    "reminders": (
        "tafelrunde.cli",
        "Reminder mails and the calendar feed: `--preview`, `--send`, `feed`, or when each "
        "kind is sent.",
    ),
    "worker": (
        "tafelrunde.cli",
        "Run background jobs (source syncs, reminder mails) until stopped.",
    ),
    "team": (
        "tafelrunde.cli",
        "Teams: `team create NAME`, `add TEAM MEMBER [--role]`, `remove TEAM MEMBER`, "
        "`list`, `show TEAM`, `role`, `invite TEAM`, `join LINK`, `leave TEAM`.",
    ),
    "share": (
        "tafelrunde.cli",
        "Share contacts with a team: `--kind KIND ...`, `--contact C ...` or `--all` "
        "(and `--trips`, `--phones`); `--undo` takes it back.",
    ),
    "token": (
        "tafelrunde.cli",
        "Personal API tokens: `token create` makes one (shown once), `list`, `revoke ID`.",
    ),
}
HELP = {"-h", "--help"}


def main(argv: list[str] | None = None) -> int:
    """Run one command; configuration and database problems end in one line, not a traceback,
    and a reader that stops reading (`tafelrunde tonight Dresden | head -3`) in silence."""
    try:
        status = run(argv)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's last flush at exit
    except BrokenPipeError:
        return after_closed_pipe()
    return status


def after_closed_pipe() -> int:
    """End quietly once whoever read our output has gone, as the Python documentation advises
    (see "Note on SIGPIPE" in the signal module): what is still buffered goes to /dev/null,
    so the flush at exit cannot fail a second time and print a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no file (tests capture it): nothing to redirect
        pass
    return 1


def run(argv: list[str] | None = None) -> int:
    """The command line's command, run; its exit status."""
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "tafelrunde"
    command = argv[1] if len(argv) > 1 else "help"
    if command in {"help", *HELP} and len(argv) <= 2:
        print(overview())
        return 0
    if command == "help" and len(argv) == 3 and argv[2] in COMMANDS:
        command, argv = argv[2], [argv[0], argv[2], "--help"]  # `help tonight`: `tonight --help`
    if command in COMMANDS and asks_for_help(argv):
        status = command_help(argv)
        if status is not None:
            return status
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tafelrunde.settings")
    if command == "demo":
        use_demo_data_dir()
    import django
    from django.core.management.base import CommandError
    from django.db.utils import OperationalError

    from tafelrunde.conf import ConfigError

    try:
        django.setup()
        refuse_undecodable_for_django(argv)
        if needs_migrations(command) and not asks_for_help(argv):
            migrate_if_needed()
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except (ConfigError, CommandError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except OperationalError as exc:
        print(f"Error: the database cannot be used: {first_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


def needs_migrations(command: str) -> bool:
    """Whether the command wants the schema brought up to date before it runs."""
    if command.startswith("-") or command in DJANGO_WITHOUT_MIGRATION:
        return False
    if command in COMMANDS:
        from django.core.management import load_command_class

        return getattr(load_command_class(COMMANDS[command][0], command), "migrates", True)
    return True


def asks_for_help(argv: list[str]) -> bool:
    """Whether the command's arguments ask for its help."""
    return bool(HELP.intersection(argv[2:]))


def command_help(argv: list[str]) -> int | None:
    """`tafelrunde COMMAND … --help` for one of our commands, without Django's set-up or a
    database: the exit status once argparse printed the help, or None when the arguments
    turn out to mean more (a mistake before --help is reported as usual, after the set-up)."""
    from django.core.management import load_command_class
    from django.core.management.base import CommandError

    command = load_command_class(COMMANDS[argv[1]][0], argv[1])
    try:
        command.create_parser(argv[0], argv[1]).parse_args(argv[2:])
    except SystemExit as exc:  # argparse exits with a number
        return int(exc.code or 0)
    except CommandError:
        return None
    return None


def use_demo_data_dir() -> None:
    """The demo never touches real data: without TAFELRUNDE_DATA_DIR it gets its own folder."""
    if os.environ.get("TAFELRUNDE_DATA_DIR", "").strip():
        return
    from platformdirs import user_data_dir

    # The place index is reference data, not user data: share it with the real data dir.
    os.environ.setdefault(
        "TAFELRUNDE_PLACES_DIR",
        os.path.join(user_data_dir("tafelrunde", appauthor=False), "places"),
    )
    os.environ["TAFELRUNDE_DATA_DIR"] = user_data_dir("tafelrunde-demo", appauthor=False)
    os.environ.pop("TAFELRUNDE_DATABASE_URL", None)


def refuse_undecodable_for_django(argv: list[str]) -> None:
    """Django's own commands (createsuperuser, …) get the rule ours follow (see
    commands.refuse_undecodable): text that is not UTF-8 is one line, not a traceback."""
    from django.core.management import get_commands

    app = get_commands().get(argv[1]) if len(argv) > 1 else None
    if app is None or app.startswith("tafelrunde."):
        return
    from django.utils import translation
    from django.utils.translation import gettext as _

    from tafelrunde.cli.base import check_utf8, terminal_language

    with translation.override(terminal_language()):
        for text in argv[2:]:
            check_utf8(_("An argument"), text)


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def migrate_if_needed() -> None:
    """Bring the database schema up to date on first use (and after an upgrade)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("Preparing the database…", file=sys.stderr)
        call_command("migrate", interactive=False, verbosity=0)


def overview() -> str:
    """The help page: our commands with their one-line help, then a pointer to Django's own."""
    width = max(map(len, COMMANDS))
    lines = [
        "Tafelrunde — never dine alone on a business trip.",
        "",
        "Usage: tafelrunde COMMAND [options]   (tafelrunde COMMAND --help for details)",
        "",
        "Commands:",
        *(f"  {name:<{width}} {help_line}" for name, (_app, help_line) in COMMANDS.items()),
        "",
        "Django's own commands (migrate, createsuperuser, changepassword, check, shell, …)",
        "work too; `tafelrunde help --commands` lists them all.",
        "",
        "Settings: TAFELRUNDE_DATA_DIR, TAFELRUNDE_DATABASE_URL and more — see the README.",
    ]
    return "\n".join(lines)
