"""Restoring a backup into an empty database: all of it, in one transaction, or nothing."""

from __future__ import annotations

import os
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from tafelrunde.backups import rows, sequences
from tafelrunde.backups.archive import Backup, BackupError, Summary, first_line, open_backup
from tafelrunde.backups.staging import staged_database

# Rows that `migrate` itself creates in every database: restore replaces them with the
# backup's, so that every foreign key to them keeps its meaning.
MADE_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}


@dataclass(kw_only=True)
class RestoreSummary(Summary):
    tafelrunde_version: str

    def describe(self) -> str:
        return (
            f"Restored {self.contents()} from {self.path} "
            f"(backed up {self.created_at} from {self.engine})."
        )

    def origin_json(self) -> dict:
        return {**super().origin_json(), "tafelrunde_version": self.tafelrunde_version}


def restore_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreSummary:
    """Restore the backup at `path` into the empty database `using` and MEDIA_ROOT.

    Refuses a database that holds any row (beyond what `migrate` makes), a file that is no
    backup or is damaged, and a backup of a newer schema. Nothing changes unless all works.
    """
    check_up_to_date(using)
    refuse_unless_empty(using)
    media_root = Path(settings.MEDIA_ROOT)
    with open_backup(path) as backup:
        loader = rows.migration_loader()
        if unknown := rows.unknown_migrations(loader, backup.applied_migrations):
            raise BackupError(
                f"{path} was made by a newer Tafelrunde "
                f"({backup.manifest.get('tafelrunde_version')}; it knows "
                f"{', '.join(unknown[:3])}): upgrade Tafelrunde to restore it."
            )
        uploads = uploads_to_write(backup, media_root)
        with (
            tempfile.TemporaryDirectory(prefix="tafelrunde-restore-") as scratch,
            staged_database(backup, Path(scratch)) as source,
        ):
            written = write_uploads(backup, uploads, media_root)
            try:
                tables = copy_database(source, using, backup.manifest.get("highest_ids", {}))
            except BaseException:
                for file in written:
                    file.unlink(missing_ok=True)
                raise
        manifest = backup.manifest
    return RestoreSummary(
        path=path,
        created_at=str(manifest.get("created_at", "")),
        engine=backup.engine,
        tafelrunde_version=str(manifest.get("tafelrunde_version", "")),
        tables=tables,
        files=len(backup.uploads()),
    )


def check_up_to_date(using: str) -> None:
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError("The database is not up to date: run `tafelrunde migrate` first.")


def refuse_unless_empty(using: str) -> None:
    found = []
    for model in sorted(rows.table_models(apps), key=telling_first):
        if model._meta.label_lower in MADE_BY_MIGRATE:
            continue
        if count := model._base_manager.using(using).count():
            name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
            found.append(f"{count} {name}")
    if found:
        listed = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
        raise BackupError(
            f"The database is not empty ({listed}): restore only into a new, empty database."
        )


def telling_first(model) -> int:
    """Accounts (users, then their profiles), then Tafelrunde's own data, then the rest
    (sessions, logs, …)."""
    if model._meta.label_lower == settings.AUTH_USER_MODEL.lower():
        return 0
    if model._meta.app_label == "accounts":
        return 1
    return 2 if model.__module__.startswith("tafelrunde.") else 3


def copy_database(source: str, using: str, highest_ids: dict[str, int]) -> dict[str, int]:
    """Every table's rows from `source` into `using`, in one transaction; rows per table."""
    from django.contrib.contenttypes.models import ContentType

    target_models = rows.table_models(apps)
    source_tables = set(connections[source].introspection.table_names())
    tables = {}
    try:
        with transaction.atomic(using=using):
            refuse_unless_empty(using)  # again, now inside the transaction
            for label in sorted(MADE_BY_MIGRATE, reverse=True):  # permissions first
                apps.get_model(label)._base_manager.using(using).all().delete()
            # Foreign keys are checked at commit (Django makes them deferrable), so the
            # order of the tables does not matter.
            for model in target_models:
                table = model._meta.db_table
                if table in source_tables:
                    tables[table] = rows.insert_rows(model, rows.read_rows(model, source), using)
            sequences.continue_after(using, target_models, highest_ids)
    except DatabaseError as exc:
        raise BackupError(
            f"The backup does not fit into this database, nothing was restored: {first_line(exc)}"
        ) from None
    finally:
        ContentType.objects.clear_cache()
    return tables


def uploads_to_write(backup: Backup, media_root: Path) -> list:
    """The uploads not yet in place; a different file already in a restored file's place is
    refused, so that restoring never overwrites anything."""
    missing = []
    for info, relative in backup.uploads():
        target = media_root.joinpath(*relative.parts)
        if not target.exists():
            missing.append((info, target))
        elif not same_file(target, info.file_size, info.CRC):
            raise BackupError(
                f"{target} already exists and differs from the backup's: "
                "restore only into a new data directory."
            )
    return missing


def same_file(path: Path, size: int, crc: int) -> bool:
    if not path.is_file() or path.stat().st_size != size:
        return False
    checksum = 0
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            checksum = zlib.crc32(chunk, checksum)
    return checksum == crc


def write_uploads(backup: Backup, uploads: list, media_root: Path) -> list[Path]:
    """Write the missing uploads, owner-only as the bill storage keeps them; the files made."""
    written: list[Path] = []
    try:
        for info, target in uploads:
            make_folders(target.parent, media_root)
            descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            written.append(target)
            with os.fdopen(descriptor, "wb") as out, backup.archive.open(info) as source:
                while chunk := source.read(1024 * 1024):
                    out.write(chunk)
    except OSError as exc:
        for file in written:
            file.unlink(missing_ok=True)
        raise BackupError(
            f"Cannot write the uploaded files: {exc.strerror} ({exc.filename})."
        ) from None
    return written


def make_folders(folder: Path, media_root: Path) -> None:
    missing = []
    while not folder.exists() and folder != media_root.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
