"""Plain SQL for the call list, which is asked for on every visit of the Tonight page.

For a list of a thousand candidates the ORM spends longer preparing its queries (every id of
an IN list, every value of every row) than SQLite or PostgreSQL spend answering them. These
helpers skip that work where the call list needs speed; its rules stay in Python.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet

from tafelrunde.network.models import Place


def rows(queryset: QuerySet) -> list[tuple]:
    """The rows of a values_list query as the database driver gives them.

    Without Django's per-row converters: ask only for numbers, ids and text (dates come as
    text from SQLite and as dates from PostgreSQL).
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. an empty IN list: nothing to ask
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def select(model: type[Model], sql: str, params: Mapping, ids: Iterable[int] = ()) -> list:
    """The rows of `sql`, a statement with %(name)s parameters, on `model`'s database.

    "{ids}" in it is a table of `ids` named ids, with one column, value, bound as one
    parameter whatever their number: FROM {ids} JOIN … ON ….contact_id = ids.value.
    """
    connection = connections[model._default_manager.db]
    if "{ids}" in sql:
        # As text, "[1,2,3]" or "{1,2,3}": adapting a list of ints one by one costs the
        # driver more than the query costs the database.
        listed = ",".join(map(str, map(int, ids)))
        if connection.vendor == "postgresql":
            values, table = f"{{{listed}}}", "unnest(%(ids)s::bigint[]) AS ids(value)"
        else:  # SQLite, the other database Tafelrunde runs on
            values, table = f"[{listed}]", "json_each(%(ids)s) AS ids"
        sql, params = sql.replace("{ids}", table), {**params, "ids": values}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def listed(ids: Iterable[int]) -> str:
    """SQL: these ids as the literal list of an IN (…), "NULL" for none (which matches
    nothing). Only ints: each goes through int()."""
    return ",".join(str(int(pk)) for pk in ids) or "NULL"


def key_table(keys: list[tuple[str, str]], model: type[Model]) -> tuple[str, dict]:
    """(SQL, parameters) of a table named keys of these (name, organisation) pairs, with
    columns name and organisation, bound as one parameter whatever their number: FROM
    {table} CROSS JOIN … WHERE ….name_key = keys.name …

    The parameter is JSON text on both databases: the driver passes one string as it is,
    where a list of hundreds of texts costs it more to quote than the query costs."""
    if connections[model._default_manager.db].vendor == "postgresql":
        table = (
            "(SELECT k->>0 AS name, k->>1 AS organisation "
            "FROM json_array_elements(%(keys)s::json) AS k) AS keys"
        )
    else:  # SQLite, the other database Tafelrunde runs on
        table = (
            "(SELECT json_extract(value, '$[0]') AS name, json_extract(value, '$[1]') AS "
            "organisation FROM json_each(%(keys)s)) AS keys"
        )
    return table, {"keys": json.dumps(keys)}


def value_table(values: list[str], model: type[Model], name: str = "values") -> tuple[str, dict]:
    """(SQL, parameters) of a table named vals of these texts, with one column, value, bound
    as one parameter (JSON text, as key_table's; `name` names it, for two tables in one
    statement) whatever their number: FROM {table} CROSS JOIN … WHERE … = vals.value"""
    if connections[model._default_manager.db].vendor == "postgresql":
        table = f"json_array_elements_text(%({name})s::json) AS vals(value)"
    else:  # SQLite, the other database Tafelrunde runs on
        table = f"(SELECT value FROM json_each(%({name})s)) AS vals"
    return table, {name: json.dumps(list(values))}


# A network place read along with other rows: its columns (place_columns), then place_of.
_PLACE_FIELDS = Place._meta.concrete_fields


def place_columns(alias: str) -> str:
    """SQL: the columns of the place `alias` (LEFT JOIN … AS alias), as place_of takes them."""
    return ", ".join(f"{alias}.{field.column}" for field in _PLACE_FIELDS)


def place_of(values: Iterable) -> Place | None:
    """The Place of a row's place_columns, None where the row has none."""
    values = list(values)
    if values[0] is None:
        return None
    names = [field.attname for field in _PLACE_FIELDS]
    return Place.from_db(Place._default_manager.db, names, values)
