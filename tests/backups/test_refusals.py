"""What restore refuses, each with one clear line, and without changing anything."""

import io
import json
import shutil
import zipfile

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError

from tafelrunde.backups import BackupError, create_backup, restore_backup, rows
from tests.backups.conftest import BILL, build_rich_database, every_file, every_row
from tests.factories import MealFactory, UserFactory


@pytest.fixture
def backup(tmp_path, uploads, transactional_db):
    """A backup of two accounts and a meal with its bill; the database is then new again."""
    meal = MealFactory(owner=UserFactory(username="owner"))
    meal.bill_photo.save("bill.jpg", ContentFile(BILL))
    UserFactory(username="outsider")
    path = tmp_path / "tafelrunde.zip"
    create_backup(path)
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(uploads)
    return path


def rewrite(path, target, change):
    """A copy of the backup at `path` with change(name, data) -> data applied to each member."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            copy.writestr(info, change(info.filename, source.read(info)))
    return target


def nothing_was_restored(uploads) -> bool:
    untouched = {table: rows for table, rows in every_row().items() if rows}
    return set(untouched) <= {"django_content_type", "auth_permission"} and not every_file(uploads)


def test_restoring_into_a_database_with_data_is_refused(backup, uploads):
    UserFactory(username="already-here")
    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(backup))
    assert str(refusal.value) == (
        "The database is not empty (1 user): restore only into a new, empty database."
    )
    assert list(User.objects.values_list("username", flat=True)) == ["already-here"]
    assert not every_file(uploads)


def test_restoring_the_same_backup_twice_is_refused(backup):
    restore_backup(backup)
    with pytest.raises(BackupError, match=r"^The database is not empty \(2 users, 1 meal\)"):
        restore_backup(backup)


def test_a_file_that_is_no_backup_is_refused(tmp_path, transactional_db):
    text = tmp_path / "contacts.vcf"
    text.write_text("BEGIN:VCARD\nEND:VCARD\n")
    with pytest.raises(BackupError, match=r"contacts.vcf is not a Tafelrunde backup\.$"):
        restore_backup(text)

    other_zip = tmp_path / "photos.zip"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("holiday.jpg", b"\xff\xd8\xff")
    with pytest.raises(BackupError, match=r"photos\.zip is not a Tafelrunde backup"):
        restore_backup(other_zip)

    with pytest.raises(BackupError, match="There is no file"):
        restore_backup(tmp_path / "missing.zip")
    with pytest.raises(BackupError, match="is a folder, not a backup file"):
        restore_backup(tmp_path)


def test_a_truncated_backup_is_refused(backup, tmp_path, uploads):
    data = backup.read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(BackupError, match=r"truncated.zip is damaged \(an incomplete zip"):
        restore_backup(truncated)
    assert nothing_was_restored(uploads)


def test_a_backup_with_a_changed_byte_is_refused(backup, tmp_path, uploads):
    data = bytearray(backup.read_bytes())
    data[data.index(BILL) + 100] ^= 0xFF  # uploads are stored as they are, so the bill is here
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(data))
    with pytest.raises(BackupError, match=r"damaged.zip is damaged \(uploads/bills/.* checksum\)"):
        restore_backup(damaged)
    assert nothing_was_restored(uploads)


def test_a_backup_from_a_newer_tafelrunde_is_refused(backup, tmp_path, uploads):
    def from_the_future(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["tafelrunde_version"] = "9.0"
        manifest["migrations"]["network"].append("0099_teleportation")
        return json.dumps(manifest).encode()

    newer = rewrite(backup, tmp_path / "newer.zip", from_the_future)
    with pytest.raises(BackupError) as refusal:
        restore_backup(newer)
    assert str(refusal.value) == (
        f"{newer} was made by a newer Tafelrunde (9.0; it knows "
        "network.0099_teleportation): upgrade Tafelrunde to restore it."
    )
    assert nothing_was_restored(uploads)


def test_a_backup_in_a_newer_format_is_refused(backup, tmp_path):
    def newer_format(name, data):
        return data.replace(b'"format_version": 1', b'"format_version": 2')

    with pytest.raises(BackupError, match=r"made by a newer Tafelrunde .*backup format 2"):
        restore_backup(rewrite(backup, tmp_path / "newer.zip", newer_format))


def test_a_backup_cannot_write_outside_the_uploads_folder(backup, tmp_path, uploads):
    sneaky = rewrite(backup, tmp_path / "sneaky.zip", lambda name, data: data)
    with zipfile.ZipFile(sneaky, "a") as archive:
        archive.writestr("uploads/../../escaped.txt", b"gotcha")
    with pytest.raises(BackupError, match="is not a file name it may hold"):
        restore_backup(sneaky)
    assert not (tmp_path / "escaped.txt").exists()
    assert nothing_was_restored(uploads)


def test_a_different_file_in_an_uploads_place_is_never_overwritten(backup, uploads):
    with zipfile.ZipFile(backup) as archive:
        name = next(n for n in archive.namelist() if n.startswith("uploads/"))
    occupied = uploads / name.removeprefix("uploads/")
    occupied.parent.mkdir(parents=True, exist_ok=True)
    occupied.write_bytes(b"another bill")
    with pytest.raises(BackupError, match="already exists and differs from the backup's"):
        restore_backup(backup)
    assert occupied.read_bytes() == b"another bill"


def test_a_restore_that_fails_halfway_leaves_nothing_behind(backup, uploads, monkeypatch):
    real_insert_rows, tables_done = rows.insert_rows, []

    def fail_at_the_meals(model, rows_to_insert, using):
        if model._meta.db_table == "meals_meal" and using == "default":
            raise IntegrityError("the disk hiccuped")
        tables_done.append(model._meta.db_table)
        return real_insert_rows(model, rows_to_insert, using)

    monkeypatch.setattr(rows, "insert_rows", fail_at_the_meals)
    with pytest.raises(BackupError) as refusal:
        restore_backup(backup)
    assert str(refusal.value) == (
        "The backup does not fit into this database, nothing was restored: the disk hiccuped"
    )
    assert "auth_user" in tables_done
    assert nothing_was_restored(uploads)


def test_a_backup_that_cannot_be_written_fails_before_it_reads_anything(tmp_path):
    with pytest.raises(CommandError, match=r"^Cannot write .*nowhere.*backup.zip: No such file"):
        call_command("backup", str(tmp_path / "nowhere" / "backup.zip"))
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("where", ["nowhere/backup.zip", "."])
def test_the_library_says_so_with_a_backup_error_not_a_command_error(tmp_path, where):
    # The command turns it into the same one line (above); library callers catch one error.
    path = tmp_path / where
    message = r"^Cannot write .*: No such file" if "nowhere" in where else "is a folder"
    with pytest.raises(BackupError, match=message):
        create_backup(path)


def test_the_backups_library_leans_on_no_command_code():
    # Library code raises BackupError; only the commands speak in CommandErrors.
    import ast
    from pathlib import Path

    import tafelrunde.backups

    package = Path(tafelrunde.backups.__file__).parent
    for module in package.rglob("*.py"):
        if "management" in module.relative_to(package).parts:
            continue
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]
        modules = [
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in imports
            for alias in node.names
        ]
        names = [alias.name for node in imports for alias in node.names]
        assert not [
            m for m in modules if m and m.startswith(("tafelrunde.cli.base", "tafelrunde.cli"))
        ]
        assert "CommandError" not in names, f"{module.name} imports CommandError"


def test_a_backup_into_the_uploads_folder_is_refused(uploads, transactional_db):
    uploads.mkdir(parents=True, exist_ok=True)
    with pytest.raises(BackupError, match="is inside the uploads folder"):
        create_backup(uploads / "bills" / "backup.zip")
    assert not list(uploads.rglob("*.zip"))


@pytest.mark.parametrize("name", ["tafelrunde.sqlite3", "tafelrunde.sqlite3-wal"])
def test_a_backup_over_the_sqlite_database_itself_is_refused(tmp_path, name):
    from types import SimpleNamespace

    from tafelrunde.backups.create import refuse_a_path_inside_the_data

    sqlite = SimpleNamespace(
        vendor="sqlite", settings_dict={"NAME": tmp_path / "tafelrunde.sqlite3"}
    )
    with pytest.raises(BackupError, match="is the database itself"):
        refuse_a_path_inside_the_data(tmp_path / name, sqlite)
    refuse_a_path_inside_the_data(tmp_path / "backup.zip", sqlite)  # beside it is fine


def test_the_damaged_export_of_a_postgresql_backup_is_refused(backup, tmp_path, uploads):
    def break_the_rows(name, data):
        if name == "database.sqlite3":
            return b"SQLite format 3\x00" + b"\x00" * 100
        if name == "database.jsonl":
            return data.replace(b"\n[", b"\n{[", 1)
        return data

    with pytest.raises(BackupError, match=r"damaged.zip is damaged \(.*database"):
        restore_backup(rewrite(backup, tmp_path / "damaged.zip", break_the_rows))
    assert nothing_was_restored(uploads)


def test_the_help_page_lists_backup_and_restore(capsys):
    from tafelrunde import cli

    cli.main(["tafelrunde", "--help"])
    out = capsys.readouterr().out
    assert "  backup " in out and "  restore " in out


def test_the_summary_is_a_line_for_people(tmp_path, uploads, transactional_db):
    build_rich_database(uploads)
    out = io.StringIO()
    call_command("backup", str(tmp_path / "b.zip"), stdout=out)
    assert out.getvalue().startswith("Backed up ")
    assert "tables and 2 uploaded files to " in out.getvalue()  # a bill, a sealed receipt
