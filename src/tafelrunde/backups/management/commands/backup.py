from pathlib import Path

from django.core.management.base import CommandError

from tafelrunde.cli.base import TafelrundeCommand


class Command(TafelrundeCommand):
    help = (
        "Back up the whole database and the uploaded files into one file, while the server "
        "runs.\n\nThe file is a zip archive: a snapshot of the database (all accounts), the "
        "photos of bills and a manifest. `tafelrunde restore PATH` puts it back."
    )
    acts_for_user = False
    # A backup holds the database as it is: one taken before an upgrade must not migrate it.
    migrates = False

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="the backup file to write")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        from tafelrunde.backups import BackupError, create_backup

        try:
            summary = create_backup(Path(options["path"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.print_json(summary.as_json())
            return
        self.stdout.write(summary.describe())
