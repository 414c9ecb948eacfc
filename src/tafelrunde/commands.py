"""The base of every `tafelrunde` command: one-line errors, --user, and --json output."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class TafelrundeCommand(BaseCommand):
    """A management command that acts for one account and never shows a traceback for bad input."""

    acts_for_user = True

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        if self.acts_for_user:
            parser.add_argument(
                "--user",
                metavar="NAME",
                help="the account to act for (default: the only account there is)",
            )
        return parser

    def run_from_argv(self, argv):
        try:
            super().run_from_argv(argv)
        except CommandError as exc:
            sys.stderr.write(f"Error: {exc}\n")
            sys.exit(exc.returncode)

    def owner(self, options: dict):
        """The account this command acts for: --user, or the only account in the database."""
        from django.contrib.auth import get_user_model

        users = get_user_model().objects
        name = options.get("user")
        if name:
            try:
                return users.get(username=name)
            except users.model.DoesNotExist:
                raise CommandError(f"No account named {name!r}.") from None
        accounts = list(users.order_by("username")[:2])
        if len(accounts) == 1:
            return accounts[0]
        if not accounts:
            raise CommandError(
                "There is no account yet: create one with `tafelrunde createsuperuser`."
            )
        raise CommandError("There are several accounts: choose one with --user NAME.")

    def print_json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
