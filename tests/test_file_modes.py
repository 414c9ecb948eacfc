"""The data directory and the live database are readable by their owner only."""

import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import closing

import pytest

DATABASE = "tafelrunde.sqlite3"


def tafelrunde(data_dir, *args: str) -> subprocess.CompletedProcess:
    """The program, started as a user with the usual umask (022) starts it."""
    return subprocess.run(
        [sys.executable, "-m", "tafelrunde.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"TAFELRUNDE_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"},
        preexec_fn=lambda: os.umask(0o022),
    )


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def open_in_wal_mode(database):
    """A connection that keeps the database's -wal and -shm files on disk while it is open."""
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE IF NOT EXISTS probe (x)")
    connection.execute("INSERT INTO probe VALUES (1)")
    connection.commit()
    return connection


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "tafelrunde"


def test_a_fresh_installation_is_private_to_its_owner(data_dir):
    result = tafelrunde(data_dir, "showmigrations", "network")
    assert result.returncode == 0, result.stderr
    assert mode(data_dir) == 0o700
    assert mode(data_dir / DATABASE) == 0o600
    assert mode(data_dir / "secret_key") == 0o600
    with closing(open_in_wal_mode(data_dir / DATABASE)):  # SQLite's own files follow
        assert mode(data_dir / f"{DATABASE}-wal") == 0o600
        assert mode(data_dir / f"{DATABASE}-shm") == 0o600


def test_an_installation_readable_by_all_is_tightened_on_the_next_start(data_dir):
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    (data_dir / "secret_key").write_text("an older key, readable by all")
    with closing(open_in_wal_mode(data_dir / DATABASE)):
        loose = [data_dir / name for name in (DATABASE, f"{DATABASE}-wal", f"{DATABASE}-shm")]
        for path in [*loose, data_dir / "secret_key"]:
            os.chmod(path, 0o644)

        result = tafelrunde(data_dir, "showmigrations", "network")

        assert result.returncode == 0, result.stderr
        assert mode(data_dir) == 0o700
        assert {path.name: mode(path) for path in loose} == {path.name: 0o600 for path in loose}
        assert mode(data_dir / "secret_key") == 0o600
