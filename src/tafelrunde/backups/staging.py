"""The backup's database, brought up to this version's schema in a temporary SQLite file.

Whatever the backup came from (a SQLite snapshot or a PostgreSQL export) and whichever
migrations it had, restore reads its rows from here, through this version's models.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.exceptions import InconsistentMigrationHistory
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend

from tafelrunde.backups import rows
from tafelrunde.backups.archive import ZIP_ERRORS, Backup, BackupError, first_line


@contextlib.contextmanager
def sqlite_alias(file: Path) -> Iterator[str]:
    """A database alias for a SQLite file, in this thread, for the duration of the block."""
    alias = f"tafelrunde_backup_{uuid.uuid4().hex[:12]}"
    engine = "django.db.backends.sqlite3"
    settings = connections.configure_settings(
        {DEFAULT_DB_ALIAS: {}, alias: {"ENGINE": engine, "NAME": str(file)}}
    )[alias]
    # Not added to settings.DATABASES: the alias is private to this block and this thread.
    connection = load_backend(engine).DatabaseWrapper(settings, alias)
    connections[alias] = connection
    try:
        yield alias
    finally:
        connection.close()
        del connections[alias]


@contextlib.contextmanager
def staged_database(backup: Backup, scratch: Path) -> Iterator[str]:
    """An alias for the backup's data, migrated to this version's schema."""
    file = scratch / "staging.sqlite3"
    with sqlite_alias(file) as alias:
        try:
            if backup.engine == "sqlite":
                extract(backup, backup.database_member, file)
            else:
                load_export(backup, alias)
            call_command(
                "migrate", database=alias, interactive=False, verbosity=0, skip_checks=True
            )
        except (DatabaseError, InconsistentMigrationHistory) as exc:
            raise backup.damaged(f"its database cannot be read: {first_line(exc)}") from None
        yield alias


def extract(backup: Backup, member: str, target: Path) -> None:
    try:
        with backup.archive.open(member) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1024 * 1024)
    except OSError as exc:
        raise BackupError(f"Cannot unpack the backup: {exc.strerror}.") from None
    except ZIP_ERRORS:
        raise backup.damaged(f"{member} cannot be unpacked") from None


def load_export(backup: Backup, alias: str) -> None:
    """Create the schema the export was taken with, then load its rows into it."""
    loader = rows.migration_loader()
    registry = rows.models_at(loader, backup.applied_migrations)
    create_schema(alias, registry, rows.graph_nodes(loader, backup.applied_migrations))
    by_label = {model._meta.label_lower: model for model in rows.table_models(registry)}
    try:
        with (
            transaction.atomic(using=alias),
            backup.archive.open(backup.database_member) as stream,
        ):
            for model, batch in read_export(stream, by_label):
                rows.insert_rows(model, batch, alias)
    except (*ZIP_ERRORS, ValidationError, TypeError, IndexError) as exc:
        raise backup.damaged(f"{backup.database_member}: {first_line(exc)}") from None


def create_schema(alias: str, registry, applied: set[tuple[str, str]]) -> None:
    """The tables of `registry`, recorded as made by the `applied` migrations.

    Much faster than running every migration, and the same tables: that is all the rows
    need on their way through.
    """
    connection = connections[alias]
    with connection.schema_editor() as editor:
        for model in registry.get_models():  # many-to-many tables come with their model
            if model._meta.managed and not model._meta.proxy:
                editor.create_model(model)
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    recorder.migration_qs.bulk_create(
        recorder.Migration(app=app, name=name) for app, name in sorted(applied)
    )


def read_export(
    lines: Iterable[bytes], by_label: dict[str, type[models.Model]]
) -> Iterator[tuple[type[models.Model], list[tuple]]]:
    """database.jsonl as batches of (model, rows in the model's field order).

    Raises TypeError for a row that comes before any table's header line.
    """
    model: type[models.Model] | None = None
    decode: Callable[[list], tuple] | None = None
    pending: list[tuple] = []
    for line in lines:
        item = json.loads(line)
        if isinstance(item, dict):
            if model is not None and pending:
                yield model, pending
            model = by_label[item["model"]]
            decode, pending = rows.row_decoder(model, item["columns"]), []
        else:
            if model is None or decode is None:
                raise TypeError("a row before the header line of its table")
            pending.append(decode(item))
            if len(pending) >= rows.BATCH:
                yield model, pending
                pending = []
    if model is not None and pending:
        yield model, pending
