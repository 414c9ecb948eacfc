"""Personas, database selection, the command runner, a real SMTP server, and the moments and
places that several test modules share."""

import datetime as dt
import os
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import get_commands, load_command_class
from django.db import connections

from tests.factories import ContactFactory, PlaceFactory, UserFactory
from tests.services import POSTGRES_DOWN, postgres_reachable

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

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and not postgres_reachable():
        if os.environ.get("CI"):
            raise pytest.UsageError(f"{POSTGRES_DOWN} (required in CI).")
        skip = pytest.mark.skip(reason=POSTGRES_DOWN)
        for item in items:
            if "django_db" in item.keywords or "db" in getattr(item, "fixturenames", ()):
                item.add_marker(skip)


@pytest.fixture
def smtp(settings):
    """A real SMTP server (aiosmtpd) on a free loopback port, and the settings that send
    mail to it; `smtp.messages` holds what it received."""
    from tests.reminders.smtp_server import SmtpServer

    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5
        settings.TAFELRUNDE_BASE_URL = "https://tafelrunde.example.com"
        yield server


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


class CommandResult(NamedTuple):
    status: int
    out: str
    err: str


@pytest.fixture
def run_command(capsys, monkeypatch):
    """Runs a `tafelrunde` command in-process as the program runs it, e.g.
    `run_command("tonight", "Dresden")`: its (exit status, stdout, stderr)."""

    def run(*argv: str) -> CommandResult:
        monkeypatch.setattr(connections, "close_all", lambda: None)  # keep the test's database
        command = load_command_class(get_commands()[argv[0]], argv[0])
        try:
            command.run_from_argv(["tafelrunde", *argv, "--skip-checks"])
            status = 0
        except SystemExit as exc:
            status = exc.code
        captured = capsys.readouterr()
        return CommandResult(status, captured.out, captured.err)

    return run


# Moments frozen for a whole module: `pytestmark = pytest.mark.usefixtures("…")`.


@pytest.fixture
def frozen_noon_12_march_2025():
    """Wednesday, 12 March 2025, 12:00 in Berlin, and the clock stands still."""
    with time_machine.travel(
        dt.datetime(2025, 3, 12, 12, tzinfo=ZoneInfo("Europe/Berlin")), tick=False
    ):
        yield


@pytest.fixture
def frozen_evening_14_march_2025():
    """Friday, 14 March 2025, 18:00 in Dresden (17:00 UTC), and the clock stands still."""
    with time_machine.travel(dt.datetime(2025, 3, 14, 17, 0, tzinfo=dt.UTC), tick=False):
        yield


# Places, from the factories' fixed table (no place index needed).


@pytest.fixture
def dresden(db):
    return PlaceFactory(city="Dresden")


@pytest.fixture
def radebeul(db):
    """A town 8 km from Dresden."""
    return PlaceFactory(city="Radebeul")


@pytest.fixture
def private_uploads(settings, tmp_path):
    """Uploaded files (photos of bills) in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def joerg(owner):
    """A contact of the owner's with an umlaut in both names, and no company."""
    return ContactFactory(owner=owner, given_name="Jörg", family_name="Müller", organisation="")
