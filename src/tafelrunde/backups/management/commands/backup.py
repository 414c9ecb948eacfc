from tafelrunde.backups.management.base import BackupFileCommand


class Command(BackupFileCommand):
    help = (
        "Back up the whole database and the uploaded files into one file, while the server "
        "runs.\n\nThe file is a zip archive: a snapshot of the database (all accounts), the "
        "photos of bills and a manifest. `tafelrunde restore PATH` puts it back."
    )
    path_help = "the backup file to write"
    # A backup holds the database as it is: one taken before an upgrade must not migrate it.
    migrates = False

    def handle(self, *args, **options):
        from tafelrunde.backups import create_backup

        self.report(create_backup, options)
