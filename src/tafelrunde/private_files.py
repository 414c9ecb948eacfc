"""The data directory and the database in it are the owner's alone (0700 and 0600).

They hold password hashes, session keys and the whole network. New ones are made private,
and an installation from before this rule is tightened whenever a command or the server
starts.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

PRIVATE_DIRECTORY = 0o700
PRIVATE_FILE = 0o600
# What SQLite keeps beside a database file while it is in use.
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


def private_directory(path: Path) -> None:
    """Create `path` (and its parents) if needed; the folder itself is owner-only."""
    path.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    tighten(path, PRIVATE_DIRECTORY)


def private_file(path: Path) -> None:
    """An existing file becomes owner-only; a missing one stays missing."""
    tighten(path, PRIVATE_FILE)


def private_database(config: dict) -> None:
    """For SQLite (Django's DATABASES entry): the database file and its companions."""
    name = str(config.get("NAME") or "")
    if config["ENGINE"].endswith("sqlite3") and name and ":memory:" not in name:
        private_sqlite_database(Path(name))


def private_sqlite_database(path: Path) -> None:
    """The database file, created empty and owner-only if missing (SQLite gives its -wal
    and -shm files the database's mode), and every companion file tightened."""
    # A folder that is missing or not ours is for SQLite to report when it opens the file.
    with contextlib.suppress(FileExistsError, FileNotFoundError, PermissionError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    for suffix in ("", *SQLITE_COMPANIONS):
        private_file(path.with_name(path.name + suffix))


def tighten(path: Path, mode: int) -> None:
    """chmod, unless the file is gone or not ours to change (then there is nothing to do)."""
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if os.stat(path).st_mode & 0o777 != mode:
            os.chmod(path, mode)
