"""The highest id each table ever handed out, so that a restored database never reuses one.

A deleted contact's id stays retired after a restore, as before it: a bookmark or a script
that still holds it finds nothing rather than somebody else.
"""

from __future__ import annotations

import sqlite3

from django.core.management.color import no_style
from django.db import connections, models


def numbered_by_the_database(model: type[models.Model]) -> bool:
    return isinstance(model._meta.pk, models.AutoField | models.BigAutoField)


def highest_ids_in_sqlite_copy(copy: sqlite3.Connection) -> dict[str, int]:
    """From a SQLite database's own record (its AUTOINCREMENT table)."""
    try:
        return {name: seq for name, seq in copy.execute("SELECT name, seq FROM sqlite_sequence")}
    except sqlite3.OperationalError:  # no table has handed out an id yet
        return {}


def highest_ids_in_postgresql(using: str, table_models: list) -> dict[str, int]:
    """From the sequences behind the models' ids (these are read outside any snapshot, and
    can only be higher than what the snapshot holds: harmless)."""
    highest = {}
    with connections[using].cursor() as cursor:
        for model in filter(numbered_by_the_database, table_models):
            table, column = model._meta.db_table, model._meta.pk.column
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [f'"{table}"', column])
            (sequence,) = cursor.fetchone()
            if sequence:
                cursor.execute(f"SELECT last_value, is_called FROM {sequence}")
                last_value, is_called = cursor.fetchone()
                highest[table] = last_value if is_called else last_value - 1
    return highest


def continue_after(using: str, table_models: list, highest: dict[str, int]) -> None:
    """New rows get ids after both the restored rows' and the ones handed out before."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), table_models):
            cursor.execute(statement)
        for model in filter(numbered_by_the_database, table_models):
            table = model._meta.db_table
            recorded = highest.get(table, 0)
            used = model._base_manager.using(using).aggregate(top=models.Max("pk"))["top"] or 0
            if recorded <= used:
                continue
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                    [f'"{table}"', model._meta.pk.column, recorded],
                )
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, recorded]
                )
