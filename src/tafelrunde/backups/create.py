"""Taking a backup: a consistent snapshot of the database while the server runs, plus uploads."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from tafelrunde.atomic_files import OutputError, atomic_output
from tafelrunde.backups import rows, sequences
from tafelrunde.backups.archive import (
    DATABASE_MEMBERS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    Summary,
    file_size,
    first_line,
    tafelrunde_version,
    upload_files,
)

NOTHING_YET = "There is nothing to back up yet: the database has no tables."


@dataclass(kw_only=True)
class BackupSummary(Summary):
    size: int

    def describe(self) -> str:
        return f"Backed up {self.contents()} to {self.path} ({file_size(self.size)})."

    def origin_json(self) -> dict:
        return {"bytes": self.size, **super().origin_json()}


def create_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write a backup of the whole database and MEDIA_ROOT to `path`, atomically.

    Safe while the server runs: the database is read as of one moment (SQLite's online
    backup, or one REPEATABLE READ transaction on PostgreSQL). Inside a transaction of the
    caller's, the database is read within that transaction.
    """
    connection = connections[using]
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups of {connection.vendor} databases are not supported.")
    member = DATABASE_MEMBERS[connection.vendor]
    refuse_a_path_inside_the_data(path, connection)
    created_at = timezone.now().isoformat(timespec="seconds")
    # The output first: a path that cannot be written fails before the work, not after.
    with (
        backup_output(path) as output,
        tempfile.TemporaryDirectory(prefix="tafelrunde-backup-") as scratch,
    ):
        snapshot = Path(scratch, member)
        try:
            if connection.vendor == "sqlite":
                state = snapshot_sqlite(using, snapshot)
            else:
                state = export_tables(using, snapshot)
        except DatabaseError as exc:
            raise BackupError(f"The database cannot be read: {first_line(exc)}") from None
        # After the snapshot, so that the files its rows name are there (a bill deleted in
        # the moment between is missing; one added comes along, unused).
        uploads = upload_files(Path(settings.MEDIA_ROOT))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at,
            "tafelrunde_version": tafelrunde_version(),
            "database": {"engine": connection.vendor, "file": member},
            "migrations": rows.migrations_by_app(state.applied),
            "tables": state.tables,
            "highest_ids": state.highest_ids,
            "uploads": {"files": len(uploads), "bytes": sum(size for _, _, size in uploads)},
        }
        archive = zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, strict_timestamps=False)
        with archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
            archive.write(snapshot, member)
            for upload, name, _size in uploads:
                add_upload(archive, upload, name)
    size = path.stat().st_size
    return BackupSummary(
        path=path,
        size=size,
        created_at=created_at,
        engine=connection.vendor,
        tables=state.tables,
        files=len(uploads),
    )


@contextlib.contextmanager
def backup_output(path: Path) -> Iterator[BinaryIO]:
    """atomic_output(path), with a file that cannot be written as a BackupError."""
    try:
        with atomic_output(path) as output:
            yield output
    except OutputError as exc:
        raise BackupError(str(exc)) from None


def refuse_a_path_inside_the_data(path: Path, connection) -> None:
    """A backup must not overwrite the database, nor land among the uploads it copies."""
    target = Path(path).expanduser().resolve()
    uploads = Path(settings.MEDIA_ROOT).resolve()
    if target == uploads or uploads in target.parents:
        raise BackupError(f"{path} is inside the uploads folder {uploads}: choose another place.")
    if connection.vendor == "sqlite":
        database = Path(connection.settings_dict["NAME"]).resolve()
        if target.parent == database.parent and target.name.startswith(database.name):
            raise BackupError(f"{path} is the database itself: choose another file name.")


def add_upload(archive: zipfile.ZipFile, upload: Path, name: str) -> None:
    try:
        # Photos and PDFs are compressed already.
        archive.write(upload, name, compress_type=zipfile.ZIP_STORED)
    except FileNotFoundError:
        pass  # deleted since the folder was listed: the snapshot may not need it either
    except OSError as exc:
        raise BackupError(f"Cannot read the uploaded file {upload}: {exc.strerror}.") from None


@dataclass
class Snapshot:
    """What the manifest says about the database in the backup."""

    applied: set[tuple[str, str]]
    tables: dict[str, int]  # rows per table
    highest_ids: dict[str, int]  # per table, the highest id it ever handed out


def snapshot_sqlite(using: str, target: Path) -> Snapshot:
    """Copy the live database with SQLite's online backup, in one step: one moment's state."""
    connection = connections[using]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        with connection.wrap_database_errors:
            connection.connection.backup(copy)
        # One self-contained file, whatever journal the live database uses.
        copy.execute("PRAGMA journal_mode=DELETE")
        names = [
            name
            for (name,) in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        if "django_migrations" not in names:
            raise BackupError(NOTHING_YET)
        applied = set(copy.execute("SELECT app, name FROM django_migrations"))
        tables = {
            name: copy.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in names
            if name != "django_migrations" and not name.startswith("sqlite_")
        }
        highest_ids = sequences.highest_ids_in_sqlite_copy(copy)
    except sqlite3.Error as exc:
        raise BackupError(f"The database snapshot failed: {first_line(exc)}") from None
    finally:
        copy.close()
    return Snapshot(applied, tables, highest_ids)


def export_tables(using: str, target: Path) -> Snapshot:
    """Every table as database.jsonl, read in one REPEATABLE READ, read-only transaction."""
    connection = connections[using]
    connection.ensure_connection()
    outer = connection.in_atomic_block
    with transaction.atomic(using=using):
        if not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        recorder = MigrationRecorder(connection)
        if not recorder.has_table():
            raise BackupError(NOTHING_YET)
        applied = set(recorder.applied_migrations())
        loader = rows.migration_loader()
        if unknown := rows.unknown_migrations(loader, applied):
            raise BackupError(
                "The database was migrated by a newer Tafelrunde "
                f"({', '.join(unknown[:3])}); back it up with that version."
            )
        tables = {}
        # The models as the database has them, which may be behind this version's.
        table_models = rows.table_models(rows.models_at(loader, applied))
        with target.open("w", encoding="utf-8") as out:
            for model in table_models:
                rows_read = rows.read_rows(model, using)
                tables[model._meta.db_table] = rows.write_table(out, model, rows_read)
        highest_ids = sequences.highest_ids_in_postgresql(using, table_models)
    return Snapshot(applied, tables, highest_ids)
