"""Backups of the whole installation: one zip file with the database and the uploaded files.

`create_backup` takes one while the server runs; `restore_backup` puts one into an empty
database, of either engine. archive.py describes what the file holds.
"""

from tafelrunde.backups.archive import BackupError
from tafelrunde.backups.create import BackupSummary, create_backup
from tafelrunde.backups.restore import RestoreSummary, restore_backup

__all__ = ["BackupError", "BackupSummary", "RestoreSummary", "create_backup", "restore_backup"]
