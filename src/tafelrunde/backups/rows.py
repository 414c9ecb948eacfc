"""Every table's rows, read and written through models without changing a single value.

Rows are written with raw inserts: no save(), no signals, no auto_now, so a restored row is
the row that was backed up, primary key included.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import itertools
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import IO

from django.db import connections, models
from django.db.migrations.loader import MigrationLoader
from django.utils.duration import duration_iso_string

BATCH = 500


def table_models(registry) -> list[type[models.Model]]:
    """Every model of `registry` that has a table of its own, many-to-many tables included."""
    return [
        model
        for model in registry.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def read_rows(model: type[models.Model], using: str) -> Iterator[tuple]:
    """The model's rows as tuples of its concrete fields' values, by primary key."""
    columns = [field.attname for field in model._meta.concrete_fields]
    return (
        model._base_manager.using(using)
        .order_by("pk")
        .values_list(*columns)
        .iterator(chunk_size=2000)
    )


def insert_rows(model: type[models.Model], rows: Iterable[tuple], using: str) -> int:
    """Insert rows of concrete-field values exactly as given; returns how many."""
    fields = model._meta.concrete_fields
    operations = connections[using].ops
    count = 0
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, BATCH)):
        objects = [model(*row) for row in chunk]
        size = max(1, min(BATCH, operations.bulk_batch_size(fields, objects)))
        for start in range(0, len(objects), size):
            # raw=True, as loaddata does: values go in as they are, pre_save() is skipped.
            model._base_manager._insert(  # type: ignore[attr-defined]  # private, as loaddata
                objects[start : start + size], fields=fields, using=using, raw=True
            )
        count += len(objects)
    return count


def migration_loader() -> MigrationLoader:
    """The migrations this Tafelrunde knows (no database needed)."""
    return MigrationLoader(None, ignore_no_migrations=True)


def graph_nodes(loader: MigrationLoader, applied: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """`applied` in the graph's terms: migrations squashed since count as their squash."""
    nodes = set(applied)
    for key, migration in loader.replacements.items():
        replaced = {tuple(node) for node in migration.replaces}
        if replaced <= nodes:
            nodes = (nodes - replaced) | {key}
    return nodes


def unknown_migrations(loader: MigrationLoader, applied: set[tuple[str, str]]) -> list[str]:
    """Applied migrations this Tafelrunde does not have, as "app.name"."""
    unknown = graph_nodes(loader, applied) - set(loader.graph.nodes)
    return sorted(f"{app}.{name}" for app, name in unknown)


def models_at(loader: MigrationLoader, applied: set[tuple[str, str]]):
    """The app registry as it was with these migrations applied."""
    return loader.project_state(sorted(graph_nodes(loader, applied))).apps


def migrations_by_app(applied: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    by_app: dict[str, list[str]] = {}
    for app, name in sorted(applied):
        by_app.setdefault(app, []).append(name)
    return by_app


# database.jsonl: per table one object {"model", "columns"}, then one array per row.


def write_table(out: IO[str], model: type[models.Model], rows: Iterable[tuple]) -> int:
    """Append one table to a database.jsonl stream; returns how many rows."""
    columns = [field.attname for field in model._meta.concrete_fields]
    header = {"model": model._meta.label_lower, "columns": columns}
    out.write(json.dumps(header) + "\n")
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=encode_value) + "\n")
        count += 1
    return count


def encode_value(value):
    """JSON for what JSON has no type of; the field's to_python() reads it back exactly."""
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, dt.date | dt.time):  # datetimes too, with microseconds and offset
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"Cannot back up a value of type {type(value).__name__}.")


def row_decoder(model: type[models.Model], columns: list[str]):
    """A function from a row as stored in database.jsonl to the model's field order.

    Raises ValueError when the columns are not exactly the model's.
    """
    fields = model._meta.concrete_fields
    if sorted(columns) != sorted(field.attname for field in fields):
        raise ValueError(f"the columns of {model._meta.label_lower} do not match")
    positions = [columns.index(field.attname) for field in fields]
    converters = [
        None
        if isinstance(field, models.JSONField | models.CharField | models.TextField)
        else field.to_python
        for field in fields
    ]

    def decode(row: list) -> tuple:
        values = [row[position] for position in positions]
        return tuple(
            value if value is None or convert is None else convert(value)
            for value, convert in zip(values, converters, strict=True)
        )

    return decode
