"""The data directory and the database in it are the owner's alone (0700 and 0600).

They hold password hashes, session keys and the whole network. New ones are made private
(the folder when it is made, the database when the first connection makes it), and an
installation from before this rule is tightened whenever a command or the server starts.
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


def on_connection(sender, connection, **kwargs) -> None:
    """The first database connection of the process (Django's connection_created): SQLite has
    just made the file if it was missing, so it is tightened before anything is written to
    it; SQLite gives the -wal and -shm files it makes later the database file's mode. Once a
    process: a server opens a connection for every request."""
    name = str(connection.settings_dict.get("NAME") or "")
    if name not in _tightened:
        _tightened.add(name)
        private_database(connection.settings_dict)


_tightened: set[str] = set()  # the databases on_connection has seen in this process


def private_sqlite_database(path: Path) -> None:
    """The database file and every companion file beside it, owner-only where they exist."""
    for suffix in ("", *SQLITE_COMPANIONS):
        private_file(path.with_name(path.name + suffix))


def tighten(path: Path, mode: int) -> None:
    """chmod, unless the file is gone or not ours to change (then there is nothing to do)."""
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if os.stat(path).st_mode & 0o777 != mode:
            os.chmod(path, mode)
