from tafelrunde.backups.management.base import BackupFileCommand


class Command(BackupFileCommand):
    help = (
        "Restore a backup into a new, empty database (SQLite or PostgreSQL).\n\n"
        "Everything or nothing: a database that already holds data, a file that is no "
        "backup or is damaged, and a backup from a newer Tafelrunde are refused."
    )
    path_help = "the backup file to restore"

    def handle(self, *args, **options):
        from tafelrunde.backups import restore_backup

        self.report(restore_backup, options)
