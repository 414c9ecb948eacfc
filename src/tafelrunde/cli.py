"""The `tafelrunde` program: our commands and Django's, over one configured database."""

from __future__ import annotations

import os
import sys

# Commands that manage the schema themselves, or need no database at all.
NO_AUTO_MIGRATE = {
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
    "geocode",
    # A backup holds the database as it is: one taken before an upgrade must not migrate it.
    "backup",
}
OUR_APPS = (
    "tafelrunde.demo",
    "tafelrunde.web",
    "tafelrunde.network",
    "tafelrunde.travel",
    "tafelrunde.evenings",
    "tafelrunde.meals",
    "tafelrunde.accounts",
    "tafelrunde.api",
)


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
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tafelrunde.settings")
    if len(argv) > 1 and argv[1] == "demo":
        use_demo_data_dir()
    import django
    from django.core.management.base import CommandError
    from django.db.utils import OperationalError

    from tafelrunde.conf import ConfigError

    try:
        django.setup()
        command = argv[1] if len(argv) > 1 else "help"
        if command in {"help", "-h", "--help"} and len(argv) <= 2:
            print(overview())
            return 0
        refuse_undecodable_for_django(argv)
        if command not in NO_AUTO_MIGRATE and not command.startswith("-"):
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

    from tafelrunde.commands import check_utf8, terminal_language

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
    from django.apps import apps
    from django.core.management import find_commands, load_command_class

    lines = [
        "Tafelrunde — never dine alone on a business trip.",
        "",
        "Usage: tafelrunde COMMAND [options]   (tafelrunde COMMAND --help for details)",
        "",
        "Commands:",
    ]
    for app_name in OUR_APPS:
        config = apps.get_app_config(app_name.rsplit(".", 1)[-1])
        for name in sorted(find_commands(os.path.join(config.path, "management"))):
            help_text = str(load_command_class(app_name, name).help).strip().splitlines()
            lines.append(f"  {name:<12} {help_text[0] if help_text else ''}")
    lines += [
        "",
        "Django's own commands (migrate, createsuperuser, changepassword, check, shell, …)",
        "work too; `tafelrunde help --commands` lists them all.",
        "",
        "Settings: TAFELRUNDE_DATA_DIR, TAFELRUNDE_DATABASE_URL and more — see the README.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
