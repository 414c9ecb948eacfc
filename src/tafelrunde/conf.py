"""Configuration from TAFELRUNDE_* environment variables: typed, documented, strict.

Every variable is declared once in SETTINGS (name, default, help); the settings module,
the README and the tests all read this list.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tafelrunde.private_files import private_directory, private_file

PREFIX = "TAFELRUNDE_"


class ConfigError(Exception):
    """A TAFELRUNDE_* variable holds something we cannot use."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATA_DIR",
        "the platform's user data directory",
        "Where the SQLite database, the secret key, the place index and uploads live.",
    ),
    Setting(
        "DATABASE_URL",
        "SQLite file in the data directory",
        "A database URL, e.g. postgres://user@host/db for PostgreSQL.",
    ),
    Setting(
        "PLACES_DIR",
        "places/ in the data directory",
        "Where the offline place index is built (once; it can be shared between data dirs).",
    ),
    Setting("DEBUG", "0", "1 turns on Django's debug pages. Development only."),
    Setting(
        "ALLOWED_HOSTS",
        "localhost,127.0.0.1,[::1]",
        "Comma-separated host names the server answers to.",
    ),
    Setting("HTTPS", "0", "1 when served behind TLS: secure cookies, HSTS, HTTPS redirect."),
    Setting("SECRET_KEY", "generated once into the data directory", "Overrides the key file."),
    Setting("TIME_ZONE", "Europe/Berlin", "The server's time zone for dates without a place."),
    Setting(
        "EMAIL_URL",
        "none: mails are printed to the server's console",
        "How mails (password resets, reminders) are sent, e.g. "
        "smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465.",
    ),
    Setting("FROM_EMAIL", "tafelrunde@localhost", "The sender address of the mails we send."),
    Setting(
        "BASE_URL",
        "http://localhost:8000",
        "The address the app is reached at, for the links in reminder mails and the calendar "
        "feed's URL.",
    ),
    Setting(
        "WORKER",
        "1",
        "0 when background jobs (syncing sources) run apart with `tafelrunde worker`; "
        "otherwise `tafelrunde serve` runs one worker itself.",
    ),
    Setting(
        "REST_DAYS",
        "14",
        "Days someone who said no rests before the call list suggests them again.",
    ),
)


def env(name: str) -> str | None:
    """The raw value of TAFELRUNDE_<name>, or None when unset or empty."""
    value = os.environ.get(PREFIX + name, "").strip()
    return value or None


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no variable; anything but the usual spellings is an error, not a silent False."""
    value = env(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{PREFIX}{name} must be 1 or 0 (or true/false), not {value!r}.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """A whole number of at least `minimum`; anything else is an error."""
    value = env(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ConfigError(f"{PREFIX}{name} must be a whole number ≥ {minimum}, not {value!r}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def data_dir() -> Path:
    """The data directory, created on first use; owner-only (see private_files)."""
    value = env("DATA_DIR")
    if value is None:
        from platformdirs import user_data_dir

        path = Path(user_data_dir("tafelrunde", appauthor=False))
    else:
        path = Path(value).expanduser()
    try:
        private_directory(path)
    except OSError as exc:
        raise ConfigError(f"Cannot create the data directory {path}: {exc.strerror}.") from exc
    return path


def places_dir(directory: Path) -> Path:
    """Where the place index lives: TAFELRUNDE_PLACES_DIR, else places/ in the data directory."""
    value = env("PLACES_DIR")
    return Path(value).expanduser() if value else directory / "places"


def secret_key(directory: Path) -> str:
    """The secret key: from the environment, or generated once into an owner-only file."""
    value = env("SECRET_KEY")
    if value is not None:
        return value
    key_file = directory / "secret_key"
    private_file(key_file)  # an older installation's key may be readable by all
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def database(url: str | None, directory: Path) -> dict:
    """Django's DATABASES['default'] for a URL, or the SQLite file in the data directory."""
    config: dict[str, Any]
    if url is None:
        config = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(directory / "tafelrunde.sqlite3"),
        }
    else:
        import dj_database_url

        try:
            config = dict(dj_database_url.parse(url))
        except ValueError as exc:
            raise ConfigError(f"{PREFIX}DATABASE_URL is not a database URL we know: {exc}") from exc
        if config.get("ENGINE") not in {
            "django.db.backends.sqlite3",
            "django.db.backends.postgresql",
        }:
            raise ConfigError(f"{PREFIX}DATABASE_URL must be a postgres:// or sqlite:// URL.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN, so concurrent writers queue on the busy timeout instead of failing midway.
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
    else:
        config.setdefault("CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
        # Tafelrunde asks many short questions of one account's or one team's rows. Parallel
        # workers take longer to start (10 ms and more) than these take to answer, and a JIT
        # compile of a query costs more than the query: neither for this connection.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} {POSTGRES_SESSION}".strip()
    return config


POSTGRES_SESSION = "-c max_parallel_workers_per_gather=0 -c jit=off"


def email(url: str | None) -> dict:
    """Django's e-mail settings for an smtp:// or smtps:// URL; without one, the console."""
    if url is None:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ConfigError(f"{PREFIX}EMAIL_URL must look like smtp://user:password@host:587.")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 587)
    except ValueError as exc:
        raise ConfigError(f"{PREFIX}EMAIL_URL has a port that is not a number.") from exc
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp" and port != 25,
        "EMAIL_TIMEOUT": 20,
    }
