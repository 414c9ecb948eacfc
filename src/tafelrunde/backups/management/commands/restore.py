from pathlib import Path

from django.core.management.base import CommandError

from tafelrunde.cli.base import TafelrundeCommand


class Command(TafelrundeCommand):
    help = (
        "Restore a backup into a new, empty database (SQLite or PostgreSQL).\n\n"
        "Everything or nothing: a database that already holds data, a file that is no "
        "backup or is damaged, and a backup from a newer Tafelrunde are refused."
    )
    acts_for_user = False

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="the backup file to restore")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        from tafelrunde.backups import BackupError, restore_backup

        try:
            summary = restore_backup(Path(options["path"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.print_json(summary.as_json())
            return
        self.stdout.write(summary.describe())
