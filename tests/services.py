"""What the tests need from outside Python — PostgreSQL, Chromium, GNU gettext — and the one
rule for when it is missing: the test fails in CI and skips, with the reason, elsewhere."""

from __future__ import annotations

import os

import pytest

POSTGRES_DOWN = "TAFELRUNDE_DATABASE_URL names a PostgreSQL server that does not answer"


def require(condition: bool, reason: str) -> None:
    """Go on if `condition` holds; otherwise fail in CI, skip with `reason` elsewhere."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (required in CI).")
        pytest.skip(reason)


def _maintenance_connection(**options):
    """A connection to the `postgres` database of the configured server."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        **options,
    )


def postgres_reachable() -> bool:
    import psycopg

    try:
        _maintenance_connection(connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


def postgres_database_beside(suffix: str) -> str | None:
    """On SQLite None; on PostgreSQL the URL of a fresh, empty database named after the
    test database with `_suffix`, for a server or script that runs beside the tests."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        return None
    require(postgres_reachable(), POSTGRES_DOWN)
    url = os.environ["TAFELRUNDE_DATABASE_URL"]
    name = f"{db['NAME']}_{suffix}"
    with _maintenance_connection(autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{url.rsplit('/', 1)[0]}/{name}"
