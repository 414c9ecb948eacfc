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
        if not options["json"]:
            self.say_how_to_open_source_passwords()

    def say_how_to_open_source_passwords(self) -> None:
        """Source passwords travel sealed; the key stays in the old data directory."""
        from tafelrunde.sync.models import Source
        from tafelrunde.sync.secret_box import SecretUnavailable, key_file

        sources = list(Source.objects.exclude(url_sealed="")[:1])
        if not sources:
            return
        try:
            sources[0].url()
        except SecretUnavailable:
            self.stdout.write(
                f"The backup holds synced sources whose passwords are sealed with another "
                f"installation's key: copy that installation's data directory file "
                f"{key_file().name} to {key_file()} (then restart), or enter each source's "
                f"password again under Settings → Sources."
            )
