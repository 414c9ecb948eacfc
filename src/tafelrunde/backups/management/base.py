"""The shape of `tafelrunde backup` and `restore`: one file, a summary, one-line errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from django.core.management.base import CommandError

from tafelrunde.cli.base import TafelrundeCommand


class Summary(Protocol):
    """What a backup or a restore reports: a sentence, or JSON with --json."""

    def describe(self) -> str: ...

    def as_json(self) -> dict: ...


class BackupFileCommand(TafelrundeCommand):
    """A command on one backup file: it prints the summary (or its JSON) of what it did."""

    acts_for_user = False
    path_help = ""

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help=self.path_help)
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def report(self, make: Callable[[Path], Summary], options: dict) -> None:
        """Run `make` on the file named by PATH; print its summary (or its JSON), or one line
        of error."""
        from tafelrunde.backups import BackupError

        try:
            summary = make(Path(options["path"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.print_json(summary.as_json())
            return
        self.stdout.write(summary.describe())
