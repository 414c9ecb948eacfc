"""Writing a file whole: readers see the old file or the complete new one, never half.

Shared by the commands that write a file (export, receipt) and by the backups library, so
it sits below both and speaks neither's errors: a problem is an OutputError of one line,
which each caller turns into its own (a command's one-line error, a BackupError).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


class OutputError(Exception):
    """A file cannot be written (a folder, no permission, a full disk); says so in one line."""


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A binary file to write that appears as `path` only once complete and on disk.

    If the block fails, the temporary file is removed and `path` is left as it was. A path
    that is no regular file (a device such as /dev/stdout, a FIFO, a symbolic link) is
    written in place instead, so that it stays what it is.
    Problems (a folder, no permission, a full disk) are one-line OutputErrors.
    """
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name.")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        with output_errors(path), path.open("wb") as file:
            yield file
        return
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise OutputError(f"Cannot write {path}: {exc.strerror}.") from None
    try:
        with output_errors(path), os.fdopen(handle, "wb") as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
            os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


@contextlib.contextmanager
def output_errors(path: Path) -> Iterator[None]:
    """An OSError while writing `path` (a full disk, no permission) as one line."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"Cannot write {path}: {exc.strerror or exc}.") from None
