"""The backup file: one zip archive a person can copy anywhere and restore later.

manifest.json      what this is: format and version, when it was made, by which
                   Tafelrunde, from which database engine, the applied migrations
                   and the rows per table
database.sqlite3   from SQLite: the online-backup snapshot of the database file
database.jsonl     from PostgreSQL: every table, exported in one read-only transaction
uploads/…          every file under MEDIA_ROOT (the photos of bills), byte for byte
"""

from __future__ import annotations

import contextlib
import json
import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

FORMAT = "tafelrunde-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.jsonl"}
UPLOADS = "uploads/"
# What a damaged zip archive can raise while it is read.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError)


class BackupError(Exception):
    """A backup cannot be made or restored; the message is one line for the person."""


def tafelrunde_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tafelrunde")
    except PackageNotFoundError:
        return "unknown"


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def counted(count: int, thing: str) -> str:
    """ "1 uploaded file", "2,048 rows"."""
    return f"{count:,} {thing}" + ("" if count == 1 else "s")


def file_size(count: int) -> str:
    """A size as people say it: 812 bytes, 3.4 MB."""
    if count < 1000:
        return counted(count, "byte")
    amount = count / 1000
    for unit in ("kB", "MB", "GB"):
        if amount < 1000 or unit == "GB":
            break
        amount /= 1000
    return f"{amount:.1f} {unit}"


def upload_files(root: Path) -> list[tuple[Path, str, int]]:
    """Every regular file under `root`: its path, name in the archive and size, in order."""
    found = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory, name)
            with contextlib.suppress(OSError):  # gone since the folder was listed
                if path.is_file() and not path.is_symlink():
                    archived = UPLOADS + path.relative_to(root).as_posix()
                    found.append((path, archived, path.stat().st_size))
    return found


@dataclass
class Backup:
    """An opened, checked backup file."""

    path: Path
    archive: zipfile.ZipFile
    manifest: dict

    @property
    def engine(self) -> str:
        return self.manifest["database"]["engine"]

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.engine]

    @property
    def applied_migrations(self) -> set[tuple[str, str]]:
        return {(app, name) for app, names in self.manifest["migrations"].items() for name in names}

    def uploads(self) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
        """The uploaded files in the archive, each with its path below MEDIA_ROOT."""
        return [
            (info, PurePosixPath(info.filename[len(UPLOADS) :]))
            for info in self.archive.infolist()
            if info.filename.startswith(UPLOADS) and not info.is_dir()
        ]

    def damaged(self, reason: str) -> BackupError:
        return BackupError(f"{self.path} is damaged ({reason}); it cannot be restored.")


@contextlib.contextmanager
def open_backup(path: Path) -> Iterator[Backup]:
    """The backup at `path`, checked whole (every byte against its checksum) before use."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise BackupError(f"{path} is a folder, not a backup file.") from None
    except zipfile.BadZipFile:
        raise not_a_zip(path) from None
    except OSError as exc:
        raise BackupError(f"Cannot read {path}: {exc.strerror}.") from None
    with archive:
        backup = Backup(path, archive, read_manifest(path, archive))
        check_members(backup)
        yield backup


def not_a_zip(path: Path) -> BackupError:
    """A truncated backup still starts like a zip archive; anything else is another file."""
    try:
        with path.open("rb") as file:
            starts_like_a_zip = file.read(4) == b"PK\x03\x04"
    except OSError:
        starts_like_a_zip = False
    if starts_like_a_zip:
        return BackupError(f"{path} is damaged (an incomplete zip archive); it cannot be restored.")
    return BackupError(f"{path} is not a Tafelrunde backup.")


def read_manifest(path: Path, archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError(f"{path} is not a Tafelrunde backup (it has no {MANIFEST}).") from None
    except (*ZIP_ERRORS, UnicodeDecodeError):
        raise BackupError(f"{path} is damaged (its {MANIFEST} cannot be read).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Tafelrunde backup.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BackupError(f"{path} is damaged (its {MANIFEST} has no format version).")
    if version > FORMAT_VERSION:
        raise BackupError(
            f"{path} was made by a newer Tafelrunde ({manifest.get('tafelrunde_version')}, "
            f"backup format {version}); upgrade Tafelrunde to restore it."
        )
    database = manifest.get("database")
    migrations = manifest.get("migrations")
    highest_ids = manifest.setdefault("highest_ids", {})
    if (
        not isinstance(highest_ids, dict)
        or not all(isinstance(value, int) for value in highest_ids.values())
        or not isinstance(database, dict)
        or database.get("engine") not in DATABASE_MEMBERS
        or not isinstance(migrations, dict)
        or not all(
            isinstance(names, list) and all(isinstance(name, str) for name in names)
            for names in migrations.values()
        )
    ):
        raise BackupError(f"{path} is damaged (its {MANIFEST} is incomplete).")
    return manifest


def check_members(backup: Backup) -> None:
    """Every member is intact, the database is there, and no upload points outside its folder."""
    names = backup.archive.namelist()
    if backup.database_member not in names:
        raise backup.damaged(f"it has no {backup.database_member}")
    for info, relative in backup.uploads():
        if (
            "\\" in info.filename
            or relative.is_absolute()
            or not relative.parts
            or any(part in {"", ".", ".."} for part in relative.parts)
        ):
            raise backup.damaged(f"{info.filename!r} is not a file name it may hold")
    try:
        bad_member = backup.archive.testzip()
    except ZIP_ERRORS:
        bad_member = "a member"
    if bad_member is not None:
        raise backup.damaged(f"{bad_member} does not match its checksum")


@dataclass(kw_only=True)
class Summary:
    """What a backup that was made or restored holds: rows per table and uploaded files."""

    path: Path
    created_at: str
    engine: str
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def contents(self) -> str:
        """ "1,234 rows in 20 tables and 3 uploaded files" """
        return (
            f"{counted(self.rows, 'row')} in {counted(len(self.tables), 'table')} "
            f"and {counted(self.files, 'uploaded file')}"
        )

    def as_json(self) -> dict:
        return {
            "path": str(self.path),
            **self.origin_json(),
            "rows": self.rows,
            "tables": self.tables,
            "files": self.files,
        }

    def origin_json(self) -> dict:
        return {"created_at": self.created_at, "engine": self.engine}
