"""The base of every `tafelrunde` command: one-line errors, --user, and --json output."""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tafelrunde.atomic_files import OutputError, atomic_output


class TafelrundeCommand(BaseCommand):
    """A management command that acts for one account and never shows a traceback for bad input."""

    acts_for_user = True
    speaks_json = False  # set while --json is given: JSON and its errors stay in English
    # Django's system checks load the whole project (URL conf, API, admin) and take longer
    # than a query: `tafelrunde check` runs them, and so does a command that starts a server.
    # (Not requires_system_checks = []: that would take the --skip-checks option away.)
    runs_system_checks = False
    # Whether `tafelrunde` brings the schema up to date before the command runs: a command
    # that needs no database, or must see it exactly as it is, says False.
    migrates = True

    # The subcommands' parsers (`meal add`, `token list`, …), set by add_arguments: the common
    # options (--user, --verbosity, …) may come after the subcommand too.
    subparsers: list[argparse.ArgumentParser] = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if self.acts_for_user:
            parser.add_argument(
                "--user",
                metavar="NAME",
                help="the account to act for (default: the only account there is)",
            )
        for sub in self.subparsers:
            share_options(parser, sub)
        return parser

    def check(self, *args, **kwargs):
        """The system checks, when this command runs them (see runs_system_checks)."""
        if self.runs_system_checks:
            super().check(*args, **kwargs)

    def run_from_argv(self, argv):
        """As Django's, but a user error is one plain line: "Error: …"."""
        from django.core.management.base import SystemCheckError, handle_default_options
        from django.db import connections

        # A parser not "called from the command line" raises CommandError for a bad argument
        # instead of printing its usage: one "Error: …" line, as for any user error.
        self._called_from_command_line = False
        parser = self.create_parser(argv[0], argv[1])
        self._called_from_command_line = True
        try:
            options = parser.parse_args(argv[2:])
        except CommandError as exc:
            self.stderr.write(str(exc))  # the parser's message begins with "Error: " itself
            sys.exit(exc.returncode)
        cmd_options = vars(options)
        args = cmd_options.pop("args", ())
        handle_default_options(options)
        try:
            with translation.override(terminal_language()):
                refuse_undecodable(cmd_options, argument_names(parser))
            self.execute(*args, **cmd_options)
        except CommandError as exc:
            if options.traceback:
                raise
            message = str(exc) if isinstance(exc, SystemCheckError) else f"Error: {exc}"
            self.stderr.write(message)
            sys.exit(exc.returncode)
        finally:
            # Closing must not hide the command's own outcome.
            with contextlib.suppress(Exception):
                connections.close_all()

    def execute(self, *args, **options):
        """As Django's, in the terminal's language (the account's, once owner() knows it);
        with --json in English, so that scripts read the same words everywhere."""
        self.speaks_json = bool(options.get("json"))
        language = settings.LANGUAGE_CODE if self.speaks_json else terminal_language()
        with translation.override(language):
            return super().execute(*args, **options)

    def owner(self, options: dict):
        """The account this command acts for: --user, or the only account in the database.

        From here on the command speaks the account's language, when it chose one.
        """
        account = self._find_owner(options)
        if not self.speaks_json:
            from tafelrunde.accounts.models import page_language_of

            chosen = page_language_of(account)
            if chosen:
                translation.activate(chosen)  # undone when execute() ends
        return account

    def _find_owner(self, options: dict):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects
        name = options.get("user")
        if name:
            try:
                return users.get(username=name)
            except users.model.DoesNotExist:
                raise CommandError(_("No account named %(name)r.") % {"name": name}) from None
        accounts = list(users.order_by("username")[:2])
        if len(accounts) == 1:
            return accounts[0]
        if not accounts:
            raise CommandError(
                _("There is no account yet: make one with `tafelrunde user add NAME`.")
            )
        raise CommandError(_("There are several accounts: choose one with --user NAME."))

    def print_json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def terminal_language() -> str:
    """The language the terminal asks for (LC_ALL, else LC_MESSAGES, else LANG), if we speak
    it: "de_DE.UTF-8" gives German; "C", unset or a language we lack gives English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "").strip()
        if value:
            code = value.split(".")[0].split("@")[0].replace("_", "-").lower()
            try:
                return translation.get_supported_language_variant(code)
            except LookupError:
                return settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


def argument_names(parser: argparse.ArgumentParser) -> dict[str, str]:
    """How the user wrote each option: {"user": "--user", "place": "PLACE", …}."""
    names: dict[str, str] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for subparser in action.choices.values():
                names = {**argument_names(subparser), **names}
        elif action.option_strings:
            names.setdefault(action.dest, max(action.option_strings, key=len))
        else:
            names.setdefault(action.dest, str(action.metavar or action.dest.upper()))
    return names


def refuse_undecodable(options: dict, names: dict[str, str]) -> None:
    """Every text on the command line must be UTF-8: bytes that are not (a name typed in
    Latin-1) arrive as lone surrogates, which no database stores and no terminal prints."""
    for dest, value in options.items():
        for text in value if isinstance(value, list | tuple) else [value]:
            if isinstance(text, str):
                check_utf8(names.get(dest, dest), text)


def check_utf8(argument: str, text: str) -> None:
    """A CommandError naming `argument` unless `text` is UTF-8 (see refuse_undecodable)."""
    if not is_utf8(text):
        shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        message = _("%(argument)s is not UTF-8 text: %(text)s")
        raise CommandError(message % {"argument": argument, "text": shown})


def is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def write_file_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file beside it: no reader sees half a file.

    Problems (a folder, no permission, a full disk) are one-line CommandErrors.
    """
    try:
        with atomic_output(path) as file:
            file.write(data)
    except OutputError as exc:
        raise CommandError(str(exc)) from None


# Options and arguments that several commands share.


def share_options(parser, sub) -> None:
    """Copy the parser's options onto `sub`, so they may come after the subcommand too."""
    taken = {option for action in sub._actions for option in action.option_strings}
    for action in parser._actions:
        if action.option_strings and not taken.intersection(action.option_strings):
            shared = copy.copy(action)
            shared.default = argparse.SUPPRESS  # do not undo a value given before `add`
            sub._add_action(shared)


def place_named(text: str):
    """The place a name means, or a one-line error."""
    from tafelrunde.network.places import find_place

    place = find_place(text)
    if place is None:
        raise CommandError(_("No place called %(name)r is known.") % {"name": text})
    return place


def parse_day(text: str | None, option: str = "--date") -> dt.date:
    """A date `option`'s value (YYYY-MM-DD, "today" or "tomorrow"); today when not given."""
    today = timezone.localdate()
    if text is None or text.strip().lower() == "today":
        return today
    if text.strip().lower() == "tomorrow":
        return today + dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        if option == "--date":
            message = _("--date must be a date like 2025-03-14, not %(text)r.") % {"text": text}
        else:
            message = _("%(option)s must be a date like 2025-03-14, not %(text)r.") % {
                "option": option,
                "text": text,
            }
        raise CommandError(message) from None


def parse_clock(text: str, option: str) -> dt.time:
    """A time of day as HH:MM for `option`, or a one-line error."""
    import re

    match = re.fullmatch(r"\s*([01]?\d|2[0-3]):([0-5]\d)\s*", text)
    if not match:
        message = _("%(option)s takes a time as HH:MM, e.g. %(example)s.")
        raise CommandError(message % {"option": option, "example": "19:30"})
    return dt.time(int(match.group(1)), int(match.group(2)))


def positive(text: str, option: str, kind: type):
    """A number above zero for `option`, or a one-line error."""
    try:
        value = kind(text)
    except ValueError:
        value = None
    if value is None or not 0 < value < float("inf"):
        message = _("%(option)s must be a number above 0, not %(text)r.")
        raise CommandError(message % {"option": option, "text": text})
    return value


def contact_named(owner, text: str):
    """The one contact an id ("12", "#12") or a name means; otherwise an error listing matches."""
    from tafelrunde.network.lookup import ContactLookupError, find_contact

    try:
        return find_contact(owner, text)
    except ContactLookupError as exc:
        raise CommandError(str(exc)) from None
