"""Personas and database selection shared by every test."""

import os
from pathlib import Path

import pytest

from tests.factories import UserFactory

PASSWORD = "correct horse battery"
# Real exports from real programs, beside the checkout (never copied into it).
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def pytest_sessionstart(session):
    """Corpus tests skip on a laptop without ../shared, but CI must run them."""
    if os.environ.get("CI") and not CORPUS.is_dir():
        raise pytest.UsageError(f"The shared corpus is missing at {CORPUS} (required in CI).")


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"tafelrunde database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST') or ''}"


def pytest_collection_modifyitems(config, items):
    """Fail in CI, but skip with a reason elsewhere, when PostgreSQL is asked for and missing."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and not _postgres_reachable():
        reason = "TAFELRUNDE_DATABASE_URL names a PostgreSQL server that does not answer"
        if os.environ.get("CI"):
            raise pytest.UsageError(f"{reason} (required in CI).")
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            if "django_db" in item.keywords or "db" in getattr(item, "fixturenames", ()):
                item.add_marker(skip)


def _postgres_reachable() -> bool:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    try:
        psycopg.connect(
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError:
        return False
    return True


@pytest.fixture
def owner(db):
    """The account whose data a test looks at."""
    user = UserFactory(username="owner", first_name="Hans", last_name="Gastgeber")
    return user


@pytest.fixture
def outsider(db):
    """Another account, which must never see the owner's data."""
    return UserFactory(username="outsider")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client
