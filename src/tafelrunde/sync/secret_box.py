"""Passwords and feed addresses at rest: sealed with Fernet (AES-128-CBC with an HMAC) under
a key kept in the data directory, apart from the database.

A backup carries the sealed values, never the key: restoring it elsewhere needs the key file
copied along (`restore` says so), or the passwords entered again.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

KEY_FILE_NAME = "source_key"


class SecretUnavailable(Exception):
    """A sealed value cannot be opened: the key file is missing or another installation's."""


def key_file() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / KEY_FILE_NAME


@cache
def _fernet(path: Path) -> Fernet:
    from tafelrunde.private_files import private_file

    if path.exists():
        private_file(path)
        return Fernet(path.read_bytes().strip())
    key = Fernet.generate_key()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use that one
        return Fernet(path.read_bytes().strip())
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return Fernet(key)


def seal(value: str) -> str:
    """The value encrypted, as text for a database column; "" stays ""."""
    if not value:
        return ""
    return _fernet(key_file()).encrypt(value.encode()).decode("ascii")


def unseal(sealed: str) -> str:
    """The value a seal() gave; SecretUnavailable when this installation's key cannot open it."""
    if not sealed:
        return ""
    try:
        return _fernet(key_file()).decrypt(sealed.encode("ascii")).decode()
    except (InvalidToken, ValueError):
        raise SecretUnavailable(
            f"the stored password cannot be opened with the key in {key_file()}"
        ) from None


def forget_key_cache() -> None:
    """For tests that change the data directory."""
    _fernet.cache_clear()
