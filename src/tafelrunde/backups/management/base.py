"""The shape of `tafelrunde backup` and `restore`: one file, a summary, one-line errors."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from tafelrunde.cli.base import TafelrundeCommand


class BackupFileCommand(TafelrundeCommand):
    """A command on one backup file: it prints the summary (or its JSON) of what it did."""

    acts_for_user = False
    path_help = ""

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help=self.path_help)
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        from tafelrunde.backups import BackupError

        try:
            summary = self.run(Path(options["path"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.print_json(summary.as_json())
            return
        self.stdout.write(summary.describe())

    def run(self, path: Path):
        """Do the work on the file at `path`; the summary of it."""
        raise NotImplementedError
