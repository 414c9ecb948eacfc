"""Nothing is lost: a backup restores exactly, every row of every table and every upload."""

import contextlib
import json
import shutil
import sqlite3
import threading
import zipfile

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from tafelrunde.backups import create_backup, restore_backup
from tafelrunde.backups.staging import sqlite_alias
from tafelrunde.network.models import Contact
from tests.backups.conftest import (
    BILL,
    TABLES_THE_RICH_DATABASE_FILLS,
    build_rich_database,
    empty_the_database,
    every_file,
    every_row,
)
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_restored_backup_holds_every_row_of_every_table_and_every_upload(
    tmp_path, uploads, capsys
):
    rich = build_rich_database(uploads)
    call_command("backup", str(tmp_path / "tafelrunde.zip"))
    assert "Backed up" in capsys.readouterr().out
    before, files_before = every_row(), every_file(uploads)
    assert {table for table, rows in before.items() if rows} >= TABLES_THE_RICH_DATABASE_FILLS
    receipt = rich["receipt"]
    with receipt.pdf.open("rb") as handle:
        sealed = handle.read()
    assert files_before == {rich["meal"].bill_photo.name: BILL, receipt.pdf.name: sealed}

    empty_the_database()
    shutil.rmtree(uploads)
    assert every_row()["django_content_type"] != before["django_content_type"]
    call_command("restore", str(tmp_path / "tafelrunde.zip"), "--json")

    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == sum(len(rows) for rows in before.values())
    assert summary["files"] == 2
    assert every_row() == before
    assert every_file(uploads) == files_before


def test_the_restored_database_goes_on_working(tmp_path, uploads, client):
    rich = build_rich_database(uploads)
    erased = ContactFactory(owner=rich["owner"]).pk
    Contact.objects.filter(pk=erased).delete()
    create_backup(tmp_path / "tafelrunde.zip")
    empty_the_database()
    restore_backup(tmp_path / "tafelrunde.zip")

    client.force_login(User.objects.get(username="owner"))
    response = client.get(reverse("meal-bill", args=[rich["meal"].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == BILL
    new_group = Group.objects.create(name="after the restore")  # ids continue after the old
    assert new_group.pk > Group.objects.get(name="Reisende").pk
    # An erased contact's id stays retired: a bookmark to it never shows somebody else.
    assert ContactFactory(owner=rich["owner"]).pk > erased


def test_a_backup_moves_between_sqlite_and_postgresql(tmp_path, uploads):
    """Here to a SQLite file and back: on a PostgreSQL run, both directions across engines."""
    build_rich_database(uploads)
    before = every_row()
    create_backup(tmp_path / "from-default.zip")
    with sqlite_alias(tmp_path / "other.sqlite3") as other:
        call_command("migrate", database=other, verbosity=0)
        restore_backup(tmp_path / "from-default.zip", using=other)
        assert every_row(other) == before
        create_backup(tmp_path / "from-sqlite.zip", using=other)

    with zipfile.ZipFile(tmp_path / "from-sqlite.zip") as archive:
        assert "database.sqlite3" in archive.namelist()
    empty_the_database()
    restore_backup(tmp_path / "from-sqlite.zip")
    assert every_row() == before


def test_the_manifest_says_what_the_backup_holds(tmp_path, uploads):
    build_rich_database(uploads)
    summary = create_backup(tmp_path / "tafelrunde.zip")

    with zipfile.ZipFile(tmp_path / "tafelrunde.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = archive.namelist()
    assert manifest["format"] == "tafelrunde-backup"
    assert manifest["format_version"] == 1
    assert manifest["database"]["engine"] == connection.vendor
    assert "0001_contacts_and_places" in manifest["migrations"]["network"]
    assert manifest["tables"]["network_contact"] == 3
    assert manifest["uploads"]["files"] == 2  # the bill and the sealed receipt
    assert manifest["uploads"]["bytes"] > len(BILL)
    assert names[0] == "manifest.json"
    assert any(name.startswith("uploads/bills/") for name in names)
    assert any(name.startswith("uploads/receipts/") for name in names)
    assert summary.tables == manifest["tables"]
    assert (tmp_path / "tafelrunde.zip").stat().st_mode & 0o077 == 0  # password hashes inside


@pytest.fixture
def live_database(tmp_path):
    """A database, and how another thread connects to it to write while the backup runs."""
    if connection.vendor == "postgresql":
        yield "default", contextlib.nullcontext("default")
        return
    # The test database on SQLite lives in memory; a file is what the server really uses.
    file = tmp_path / "live.sqlite3"
    sqlite3.connect(file).execute("PRAGMA journal_mode=WAL").fetchall()
    with sqlite_alias(file) as alias:
        call_command("migrate", database=alias, verbosity=0)
        yield alias, sqlite_alias(file)


def test_the_backup_is_one_moment_while_another_connection_writes(tmp_path, uploads, live_database):
    """Each write adds a group and a session together: a snapshot holds both or neither."""
    alias, writers_connection = live_database
    written, stop = [], threading.Event()

    def write_pairs():
        with writers_connection as using:
            try:
                while not stop.is_set() or len(written) < 40:
                    number = len(written)
                    with transaction.atomic(using=using):
                        Group.objects.using(using).create(name=f"pair {number}")
                        Session.objects.using(using).create(
                            session_key=f"pair{number:08d}",
                            session_data="{}",
                            expire_date=timezone.now(),
                        )
                    written.append(number)
            finally:
                connections[using].close()

    writer = threading.Thread(target=write_pairs)
    writer.start()
    try:
        while len(written) < 20:
            stop.wait(0.01)
        start = len(written)
        create_backup(tmp_path / "live.zip", using=alias)
    finally:
        stop.set()
        writer.join(timeout=60)

    groups, sessions = pairs_in_backup(tmp_path / "live.zip", tmp_path)
    assert groups == sessions
    assert start <= len(groups) < len(written)


def pairs_in_backup(path, scratch) -> tuple[set, set]:
    with zipfile.ZipFile(path) as archive:
        if "database.sqlite3" in archive.namelist():
            archive.extract("database.sqlite3", scratch)
            database = sqlite3.connect(scratch / "database.sqlite3")
            groups = {name for (name,) in database.execute("SELECT name FROM auth_group")}
            keys = {key for (key,) in database.execute("SELECT session_key FROM django_session")}
            database.close()
        else:
            groups, keys, model = set(), set(), None
            for line in archive.read("database.jsonl").decode().splitlines():
                item = json.loads(line)
                if isinstance(item, dict):
                    model, columns = item["model"], item["columns"]
                elif model == "auth.group":
                    groups.add(item[columns.index("name")])
                elif model == "sessions.session":
                    keys.add(item[columns.index("session_key")])
    return {int(name.split()[1]) for name in groups}, {int(key[4:]) for key in keys}
