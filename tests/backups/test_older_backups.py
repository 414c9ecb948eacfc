"""A backup from an older Tafelrunde comes in through this version's migrations."""

import json
import zipfile

import pytest
from django.core.management import call_command
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from tafelrunde.backups import create_backup, restore_backup, rows
from tafelrunde.backups.staging import sqlite_alias
from tafelrunde.network.models import Contact

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE_RHYTHMS = ("network", "0002_match_keys_and_suggestions")


@pytest.fixture
def older_database(tmp_path):
    """A database as Tafelrunde had it before contacts had a rhythm, with one contact."""
    with sqlite_alias(tmp_path / "older.sqlite3") as alias:
        call_command("migrate", database=alias, verbosity=0)
        call_command("migrate", *BEFORE_RHYTHMS, database=alias, verbosity=0)
        applied = set(MigrationRecorder(connections[alias]).applied_migrations())
        registry = rows.models_at(rows.migration_loader(), applied)
        owner = (
            registry.get_model("auth", "User")
            .objects.using(alias)
            .create(username="owner", password="!", date_joined=timezone.now())
        )
        registry.get_model("network", "Contact").objects.using(alias).create(
            owner_id=owner.pk, full_name="Jörg Müller", family_name="Müller", kinds=["friend"]
        )
        yield alias, registry


def as_postgresql_export(backup, registry, alias, target):
    """The same backup as PostgreSQL would have written it: database.jsonl, not a file."""
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(target, "w") as copy:
        manifest = json.loads(source.read("manifest.json"))
        manifest["database"] = {"engine": "postgresql", "file": "database.jsonl"}
        copy.writestr("manifest.json", json.dumps(manifest))
        with copy.open("database.jsonl", "w") as raw:
            lines = []

            class Collect:
                write = lines.append

            for model in rows.table_models(registry):
                rows.write_table(Collect, model, rows.read_rows(model, alias))
            raw.write("".join(lines).encode())
    return target


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_an_older_backup_is_migrated_on_its_way_in(tmp_path, uploads, older_database, engine):
    alias, registry = older_database
    backup = create_backup(tmp_path / "older.zip", using=alias).path
    if engine == "postgresql":
        backup = as_postgresql_export(backup, registry, alias, tmp_path / "older-pg.zip")
    with zipfile.ZipFile(backup) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert "0003_contact_rhythm" not in manifest["migrations"]["network"]
    call_command("flush", interactive=False, verbosity=0)

    restore_backup(backup)

    joerg = Contact.objects.get()
    assert (joerg.full_name, joerg.kinds, joerg.rhythm_days) == ("Jörg Müller", ["friend"], None)
    assert joerg.owner.username == "owner"


def test_contacts_of_an_older_backup_are_placed_with_the_village_index(
    tmp_path, uploads, older_database
):
    """Backed up when the index knew only towns of 5,000: the Nordheide supplier was put
    next to Dresden. Restored, he is where his address says."""
    alias, registry = older_database
    Place = registry.get_model("network", "Place")
    saxony = Place.objects.using(alias).create(
        geonameid=2907887, name="Heidenau", country="DE", admin1="13",
        latitude=50.97221, longitude=13.86741, timezone="Europe/Berlin", population=16686,
    )  # fmt: skip
    contact = registry.get_model("network", "Contact").objects.using(alias).get()
    contact.place, contact.latitude, contact.longitude = saxony, saxony.latitude, saxony.longitude
    contact.location_source, contact.location_confidence = "address", 0.9
    contact.save(using=alias)
    registry.get_model("network", "Address").objects.using(alias).create(
        owner_id=contact.owner_id, contact=contact, street="Am Hafen 2", postal_code="21258",
        city="Heidenau", region="Niedersachsen", country="Deutschland",
    )  # fmt: skip
    backup = create_backup(tmp_path / "older.zip", using=alias).path
    call_command("flush", interactive=False, verbosity=0)

    restore_backup(backup)

    joerg = Contact.objects.get()
    assert (joerg.place.name, joerg.place.admin1, round(joerg.latitude)) == ("Heidenau", "06", 53)
