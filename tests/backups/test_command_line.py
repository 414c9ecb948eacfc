"""`tafelrunde backup` and `tafelrunde restore` as a person runs them, on SQLite data dirs."""

import json
import os
import sqlite3
import subprocess
import sys


def tafelrunde(data_dir, *args):
    env = {
        "TAFELRUNDE_DATA_DIR": str(data_dir),
        "TAFELRUNDE_PLACES_DIR": os.environ["TAFELRUNDE_PLACES_DIR"],
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-m", "tafelrunde.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def every_table(database_file) -> dict[str, list]:
    database = sqlite3.connect(database_file)
    names = [
        name
        for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if name != "django_migrations"  # when each migration ran differs, naturally
    ]
    tables = {
        name: database.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall() for name in names
    }
    database.close()
    return tables


def test_the_demo_network_moves_to_a_new_data_directory(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    assert tafelrunde(old, "demo", "--no-serve").returncode == 0
    bill = old / "uploads" / "bills" / "1" / "Abc123.jpg"
    bill.parent.mkdir(parents=True)
    bill.write_bytes(b"\xff\xd8\xff the bill")

    made = tafelrunde(old, "backup", str(tmp_path / "demo.zip"), "--json")
    assert made.returncode == 0, made.stderr
    summary = json.loads(made.stdout)
    assert summary["engine"] == "sqlite" and summary["files"] == 1
    before = every_table(old / "tafelrunde.sqlite3")
    assert summary["tables"]["network_contact"] == len(before["network_contact"]) >= 300

    not_a_backup = tafelrunde(new, "restore", str(bill))
    assert not_a_backup.returncode == 1
    assert not_a_backup.stderr.endswith(f"Error: {bill} is not a Tafelrunde backup.\n")

    restored = tafelrunde(new, "restore", str(tmp_path / "demo.zip"))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"Restored {summary['rows']:,} rows in ")
    assert every_table(new / "tafelrunde.sqlite3") == before
    assert (new / "uploads" / "bills" / "1" / "Abc123.jpg").read_bytes() == bill.read_bytes()

    again = tafelrunde(new, "restore", str(tmp_path / "demo.zip"))
    assert again.returncode == 1
    users = len(before["auth_user"])  # the demo host and their colleagues
    assert again.stderr.startswith(
        f"Error: The database is not empty ({users} users, {users} profiles, "
    )
    assert again.stderr.count("\n") == 1 and "Traceback" not in again.stderr


def test_a_backup_before_anything_exists_says_so_and_creates_nothing(tmp_path):
    result = tafelrunde(tmp_path, "backup", str(tmp_path / "backup.zip"))
    assert result.returncode == 1
    assert result.stderr == (
        "Error: There is nothing to back up yet: the database has no tables.\n"
    )
    assert not (tmp_path / "backup.zip").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
